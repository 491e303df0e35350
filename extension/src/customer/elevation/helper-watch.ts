import type { StartOptions } from './gatekeeper.ts';

type SetTimer = (fn: () => void, ms: number) => () => void;

export type HelperWatchDeps = {
  /** Starts the helper once more only to have it remove itself (its own page, and port, are gone). */
  uninstall(): Promise<void>;
  /** Where the held Allow survives a restart of the worker (session storage). */
  save(held: StartOptions | null): Promise<void>;
  load(): Promise<StartOptions | null>;
  graceMs: number;
  setTimer?: SetTimer;
};

const browserTimer: SetTimer = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

/**
 * In the background worker: the chat page holds the helper's native port, so
 * closing the page stops the helper at once (its stdin ends and it exits),
 * but only the worker outlives the page to finish the job. The page says
 * while it holds a helper; when the last chat page has been gone for the
 * grace (a reload comes back sooner, and takes the helper over again), a
 * helper still held is started once more and told to remove itself.
 */
export class HelperWatch {
  readonly #deps: HelperWatchDeps;
  readonly #setTimer: SetTimer;
  #pages = 0;
  #cancel: (() => void) | null = null;

  constructor(deps: HelperWatchDeps) {
    this.#deps = deps;
    this.#setTimer = deps.setTimer ?? browserTimer;
  }

  opened(): void {
    this.#pages++;
    this.#cancel?.();
    this.#cancel = null;
  }

  closed(): void {
    this.#pages = Math.max(0, this.#pages - 1);
    if (this.#pages > 0) return;
    this.#cancel?.();
    this.#cancel = this.#setTimer(() => {
      this.#cancel = null;
      void this.#expire();
    }, this.#deps.graceMs);
  }

  held(options: StartOptions): Promise<void> {
    return this.#deps.save(options);
  }

  released(): Promise<void> {
    return this.#deps.save(null);
  }

  /** What a page that opens may take over: the Allow under which a helper is still held. */
  resume(): Promise<StartOptions | null> {
    return this.#deps.load();
  }

  async #expire(): Promise<void> {
    if (this.#pages > 0) return;
    const held = await this.#deps.load();
    if (!held || this.#pages > 0) return;
    await this.#deps.save(null);
    await this.#deps.uninstall().catch(() => {});
  }
}
