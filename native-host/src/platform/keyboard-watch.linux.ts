import { KeymapTracker } from '../keyboard-watch.ts';
import type { KeyboardWatch } from './types.ts';
import type { X11 } from './x11-client.ts';

/** How often the keymap is read while watching: shorter than a key is held by a person (about 50-150 ms). */
export const POLL_MS = 20;

/**
 * The customer's own keyboard on X11: the core QueryKeymap request (which keys
 * are down, 32 bytes) read every 20 ms while control is granted, compared by
 * `KeymapTracker` with the host's own injection. One request in flight at a
 * time, on the connection the watermark already holds.
 */
export class X11KeyboardWatch implements KeyboardWatch {
  readonly #x: X11;
  readonly #tracker = new KeymapTracker();
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;
  #inFlight = false;

  constructor(x: X11, now: () => number = Date.now) {
    this.#x = x;
    this.#now = now;
  }

  start(onLocal: () => void): void {
    if (this.#timer) return;
    this.#tracker.reset();
    this.#timer = setInterval(() => this.#poll(onLocal), POLL_MS);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async injecting<T>(work: () => Promise<T>): Promise<T> {
    this.#tracker.begin();
    try {
      return await work();
    } finally {
      this.#tracker.end(this.#now());
    }
  }

  #poll(onLocal: () => void): void {
    if (this.#inFlight) return;
    this.#inFlight = true;
    this.#x.client.QueryKeymap((err: Error | null, keymap: Buffer) => {
      this.#inFlight = false;
      if (err || !this.#timer) return;
      if (this.#tracker.observe(keymap, this.#now())) onLocal();
    });
  }
}
