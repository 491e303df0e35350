import type { ControlInput } from '@rs/protocol';
import { mapToDesktop } from './geometry.ts';
import type { InputDriver, KeyboardWatch, Point } from './platform/types.ts';

/** How long the customer's own mouse wins after they move it while the representative has control. */
export const DEFAULT_HOLD_OFF_MS = 1500;
/** Pointer drift (pixels) below which a position still counts as the one we injected. */
const DRIFT_PX = 2;
/** The customer's keys come one notice per key at most this often (typing would otherwise send one per key). */
const NOTICE_EVERY_MS = 250;
/**
 * How old the last look at the pointer may be before a move: a stream of moves is not held up by a
 * position query each, and the check behind it runs this often while the representative is injecting.
 */
export const DRIFT_CHECK_MS = 50;

export type ControlOptions = {
  input: InputDriver;
  /** Where the platform can tell the customer's keys from ours; without it only the pointer is watched. */
  keyboard?: KeyboardWatch;
  holdOffMs?: number;
  now?: () => number;
  /** Called when the customer's own input paused injection. */
  onLocalInput?: () => void;
  onError?: (error: unknown) => void;
  /** Arms a one-shot timer (injected in tests); returns its cancel. */
  setTimer?: (fn: () => void, ms: number) => () => void;
};

const unrefTimer = (fn: () => void, ms: number) => {
  const timer = setTimeout(fn, ms);
  (timer as { unref?: () => void }).unref?.();
  return () => clearTimeout(timer);
};

type Slot = { to: { x: number; y: number } };

/**
 * Applies the representative's input while the grant is active. Work runs one
 * item at a time in arrival order; pointer moves are coalesced (a burst
 * collapses into its latest position, never queueing behind itself). The
 * pointer is compared with where we last put it: if the customer moved it,
 * their input wins and injection pauses for the hold-off. Clicks and keys
 * check just before they run; a move checks unless it continues a stream (the
 * last move less than `DRIFT_CHECK_MS` ago) and the last look is that recent,
 * and while moves keep coming a check runs behind them
 * that often (in the same chain), so a drag is not slowed by a query per move
 * and the customer's own mouse is still caught within one period.
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
  readonly #setTimer: (fn: () => void, ms: number) => () => void;
  #granted = false;
  /** When the pointer was last compared with where we put it. */
  #checkedAt = -Infinity;
  /** When the last move was injected: a move after a pause (not part of a stream) always looks first. */
  #movedAt = -Infinity;
  /** Something was injected since the last check. */
  #injectedSinceCheck = false;
  #cancelCheck: (() => void) | null = null;
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
    this.#setTimer = options.setTimer ?? unrefTimer;
  }

  get granted(): boolean {
    return this.#granted;
  }

  grant(): void {
    this.#granted = true;
    this.#lastInjected = null;
    this.#holdUntil = 0;
    this.#checkedAt = -Infinity;
    this.#keyboard?.start(() => this.#localInput());
  }

  /** Takes control back at once: queued work checks the grant when it runs, so nothing more is injected. */
  revoke(): void {
    this.#granted = false;
    this.#openMove = null;
    this.#cancelCheck?.();
    this.#cancelCheck = null;
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
        await this.#pointerTo(slot.to);
        this.#movedAt = this.#now();
        this.movesApplied++;
      }, slot);
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

  #enqueue(task: () => Promise<void>, move: Slot | null = null): void {
    this.#chain = this.#chain.then(async () => {
      // The move's turn has come: later moves start a slot of their own, whether or not this one is injected
      // (one dropped in a hold-off must not keep swallowing the moves after it).
      if (move && this.#openMove === move) this.#openMove = null;
      if (!this.#granted) return;
      try {
        if (!(await this.#mayInject(move !== null))) return;
        await task();
        this.#injected();
      } catch (error) {
        this.#onError(error);
      }
    });
  }

  /** After an injection: a check of the pointer follows within one period, unless one is already due. */
  #injected(): void {
    this.#injectedSinceCheck = true;
    if (this.#cancelCheck) return;
    this.#cancelCheck = this.#setTimer(() => {
      this.#cancelCheck = null;
      this.#chain = this.#chain.then(async () => {
        if (!this.#granted || !this.#injectedSinceCheck) return;
        try {
          await this.#checkDrift();
        } catch (error) {
          this.#onError(error);
        }
        // The representative is still at it: keep watching behind them.
        if (this.#injectedSinceCheck) this.#injected();
      });
    }, DRIFT_CHECK_MS);
  }

  async #mayInject(move: boolean): Promise<boolean> {
    const now = this.#now();
    const streaming = now - this.#movedAt <= DRIFT_CHECK_MS;
    if (!move || !streaming || now - this.#checkedAt > DRIFT_CHECK_MS) {
      if (!(await this.#checkDrift())) return false;
    }
    return this.#now() >= this.#holdUntil;
  }

  /** Compares the pointer with where we last put it; false (and the hold-off starts) when the customer moved it. */
  async #checkDrift(): Promise<boolean> {
    this.#checkedAt = this.#now();
    this.#injectedSinceCheck = false;
    const at = await this.#input.position();
    const last = this.#lastInjected;
    if (last && Math.abs(at.x - last.x) + Math.abs(at.y - last.y) > DRIFT_PX) {
      this.#lastInjected = at;
      this.#localInput();
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
