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
  /** The open page that holds the helper (its port), if any: another page must not start a second one. */
  #holder: object | null = null;
  #cancel: (() => void) | null = null;

  constructor(deps: HelperWatchDeps) {
    this.#deps = deps;
    this.#setTimer = deps.setTimer ?? browserTimer;
  }

  /** A chat page connected; the token names it in `held`, `released` and `closed`. */
  opened(): object {
    this.#pages++;
    this.#cancel?.();
    this.#cancel = null;
    return {};
  }

  closed(page: object): void {
    if (this.#holder === page) this.#holder = null;
    this.#pages = Math.max(0, this.#pages - 1);
    if (this.#pages > 0) return;
    this.#cancel?.();
    this.#cancel = this.#setTimer(() => {
      this.#cancel = null;
      void this.#expire();
    }, this.#deps.graceMs);
  }

  held(page: object, options: StartOptions): Promise<void> {
    this.#holder = page;
    return this.#deps.save(options);
  }

  released(page: object): Promise<void> {
    if (this.#holder !== null && this.#holder !== page) return Promise.resolve();
    this.#holder = null;
    return this.#deps.save(null);
  }

  /** What a page that opens may take over: the Allow under which a helper is held by no open page (a reload). */
  async resume(): Promise<StartOptions | null> {
    return this.#holder ? null : this.#deps.load();
  }

  async #expire(): Promise<void> {
    if (this.#pages > 0) return;
    const held = await this.#deps.load();
    if (!held || this.#pages > 0) return;
    await this.#deps.save(null);
    await this.#deps.uninstall().catch(() => {});
  }
}
