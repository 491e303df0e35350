import type { KeyboardWatch } from './types.ts';

/** A keyboard watch driven by the test: `customerPresses` is the customer's own key going down. */
export class FakeKeyboardWatch implements KeyboardWatch {
  #onLocal: (() => void) | null = null;
  /** How many injections ran inside `injecting`. */
  bracketed = 0;

  get watching(): boolean {
    return this.#onLocal !== null;
  }
  start(onLocal: () => void): void {
    this.#onLocal = onLocal;
  }
  stop(): void {
    this.#onLocal = null;
  }
  async injecting<T>(work: () => Promise<T>): Promise<T> {
    this.bracketed++;
    return work();
  }
  customerPresses(): void {
    this.#onLocal?.();
  }
}
