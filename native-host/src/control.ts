import type { ControlInput } from '@rs/protocol';
import { mapToDesktop } from './geometry.ts';
import type { InputDriver, KeyboardWatch, Point } from './platform/types.ts';

/** How long the customer's own mouse wins after they move it while the representative has control. */
export const DEFAULT_HOLD_OFF_MS = 1500;
/** Pointer drift (pixels) below which a position still counts as the one we injected. */
const DRIFT_PX = 2;
/** The customer's keys come one notice per key at most this often (typing would otherwise send one per key). */
const NOTICE_EVERY_MS = 250;

export type ControlOptions = {
  input: InputDriver;
  /** Where the platform can tell the customer's keys from ours; without it only the pointer is watched. */
  keyboard?: KeyboardWatch;
  holdOffMs?: number;
  now?: () => number;
  /** Called when the customer's own input paused injection. */
  onLocalInput?: () => void;
  onError?: (error: unknown) => void;
};

type Slot = { to: { x: number; y: number } };

/**
 * Applies the representative's input while the grant is active. Work runs one
 * item at a time in arrival order; pointer moves are coalesced (a burst
 * collapses into its latest position, never queueing behind itself). Before
 * each injection the pointer is compared with where we last put it: if the
 * customer moved it, their input wins and injection pauses for the hold-off.
 * While granted, the keyboard watch reports the customer's own key presses,
 * which pause injection the same way, at once.
 */
export class ControlGate {
  readonly #input: InputDriver;
  readonly #keyboard: KeyboardWatch | null;
  readonly #holdOffMs: number;
  readonly #now: () => number;
  readonly #onLocalInput: () => void;
  readonly #onError: (error: unknown) => void;
  #granted = false;
  #chain: Promise<void> = Promise.resolve();
  #openMove: Slot | null = null;
  #lastInjected: Point | null = null;
  #holdUntil = 0;
  #noticeAt = -Infinity;
  /** Moves actually applied, for tests and the bench (coalescing makes this smaller than moves received). */
  movesApplied = 0;

  constructor(options: ControlOptions) {
    this.#input = options.input;
    this.#keyboard = options.keyboard ?? null;
    this.#holdOffMs = options.holdOffMs ?? DEFAULT_HOLD_OFF_MS;
    this.#now = options.now ?? Date.now;
    this.#onLocalInput = options.onLocalInput ?? (() => {});
    this.#onError = options.onError ?? (() => {});
  }

  get granted(): boolean {
    return this.#granted;
  }

  grant(): void {
    this.#granted = true;
    this.#lastInjected = null;
    this.#holdUntil = 0;
    this.#keyboard?.start(() => this.#localInput());
  }

  /** Takes control back at once: queued work checks the grant when it runs, so nothing more is injected. */
  revoke(): void {
    this.#granted = false;
    this.#openMove = null;
    this.#keyboard?.stop();
  }

  /** Queues one input; returns false (and does nothing) when control is not granted. */
  submit(message: ControlInput): boolean {
    if (!this.#granted) return false;
    if (message.type === 'pointer.move') {
      if (this.#openMove) {
        this.#openMove.to = { x: message.x, y: message.y };
        return true;
      }
      const slot: Slot = { to: { x: message.x, y: message.y } };
      this.#openMove = slot;
      this.#enqueue(async () => {
        if (this.#openMove === slot) this.#openMove = null;
        await this.#pointerTo(slot.to);
        this.movesApplied++;
      });
      return true;
    }
    // Anything else seals the pending move, so a later move cannot jump ahead of this input.
    this.#openMove = null;
    this.#enqueue(() => this.#apply(message));
    return true;
  }

  /** Resolves when everything queued so far has run. */
  idle(): Promise<void> {
    return this.#chain;
  }

  #enqueue(task: () => Promise<void>): void {
    this.#chain = this.#chain.then(async () => {
      if (!this.#granted) return;
      try {
        if (!(await this.#mayInject())) return;
        await task();
      } catch (error) {
        this.#onError(error);
      }
    });
  }

  async #mayInject(): Promise<boolean> {
    const at = await this.#input.position();
    const last = this.#lastInjected;
    if (last && Math.abs(at.x - last.x) + Math.abs(at.y - last.y) > DRIFT_PX) {
      this.#lastInjected = at;
      this.#localInput();
      return false;
    }
    if (this.#now() < this.#holdUntil) {
      this.#lastInjected = at;
      return false;
    }
    this.#lastInjected = at;
    return true;
  }

  /** The customer's own mouse or keyboard: their input wins for the hold-off, and the representative is told. */
  #localInput(): void {
    if (!this.#granted) return;
    const now = this.#now();
    this.#holdUntil = now + this.#holdOffMs;
    this.#openMove = null;
    if (now - this.#noticeAt < NOTICE_EVERY_MS) return;
    this.#noticeAt = now;
    this.#onLocalInput();
  }

  #ownKeys(work: () => Promise<void>): Promise<void> {
    return this.#keyboard ? this.#keyboard.injecting(work) : work();
  }

  async #pointerTo(unit: { x: number; y: number }): Promise<void> {
    const to = mapToDesktop(unit, await this.#input.monitors());
    await this.#input.move(to);
    this.#lastInjected = to;
  }

  async #apply(message: Exclude<ControlInput, { type: 'pointer.move' }>): Promise<void> {
    switch (message.type) {
      case 'pointer.click':
        await this.#pointerTo(message);
        await this.#input.click(message.button);
        return;
      case 'pointer.doubleClick':
        await this.#pointerTo(message);
        await this.#input.doubleClick();
        return;
      case 'pointer.wheel':
        await this.#input.wheel(message.dx, message.dy);
        return;
      case 'key.press':
        await this.#ownKeys(() => this.#input.keys(message.keys));
        return;
      case 'key.type':
        await this.#ownKeys(() => this.#input.type(message.text));
        return;
    }
  }
}
