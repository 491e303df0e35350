import { ProtocolError } from '@rs/protocol';
import type { Counters } from '../limits/limiter.ts';
import type { WorkflowConfig } from './config.ts';

const MESSAGE = 'too many wrong session keys; wait and try again';

/**
 * The three codes a wrong guess could have been aimed at: the guess with one
 * of its three read-out groups unknown. Keys are stored hashed and a wrong
 * guess matches none, so it cannot be tied to one key; but a targeted guesser
 * (someone who overheard or glimpsed two groups of `123 456 789`) varies one
 * group, and every such guess shares a neighbourhood with the real key. A key
 * is locked when any of its three neighbourhoods has had too many wrong
 * guesses, whatever address they came from. Random guessing spreads over a
 * million neighbourhoods and locks no real key by accident.
 */
export function neighbourhoods(code: string): string[] {
  return [`***${code.slice(3)}`, `${code.slice(0, 3)}***${code.slice(6)}`, `${code.slice(0, 6)}***`];
}

/**
 * Wrong session keys, counted per address (doubling waits after a few, capped,
 * so a shared proxy address is never locked for long), per key neighbourhood
 * (see `neighbourhoods`) and globally. Once the global budget is spent, an
 * address that already guessed wrong in the window must wait, while a customer
 * whose first try is right still gets in: spending the budget locks out the
 * guessers, not everyone.
 */
export class KeyGuessThrottle {
  readonly #address;
  readonly #guessed;
  readonly #near;
  readonly #global;

  constructor(counters: Counters, config: WorkflowConfig) {
    const windowSeconds = Math.ceil(config.sessionKeyLockoutMs / 1000);
    this.#address = counters.limiter('session-key:address', { points: config.sessionKeyMaxGuesses, perSeconds: windowSeconds, backoffMaxSeconds: config.sessionKeyAddressMaxWaitSeconds }, MESSAGE);
    this.#guessed = counters.limiter('session-key:guessed', { points: 1, perSeconds: windowSeconds }, MESSAGE);
    this.#near = counters.limiter('session-key:near', { points: config.sessionKeyMaxGuesses, perSeconds: windowSeconds, blockSeconds: windowSeconds }, MESSAGE);
    this.#global = counters.limiter('session-key:global', { points: config.sessionKeyGlobalMaxGuesses, perSeconds: windowSeconds }, MESSAGE);
  }

  /** Throws `rate_limited` before the key is looked up; `code` is null when the guess is not even key-shaped. */
  async check(address: string, code: string | null): Promise<void> {
    const waits = [await this.#address.blockedFor(address)];
    if (code) for (const n of neighbourhoods(code)) waits.push(await this.#near.blockedFor(n));
    const globalWait = await this.#global.blockedFor('all');
    if (globalWait > 0) waits.push(Math.min(globalWait, await this.#guessed.blockedFor(address)));
    const wait = Math.max(...waits);
    if (wait > 0) throw new ProtocolError('rate_limited', MESSAGE, { retryAfterMs: wait });
  }

  async failed(address: string, code: string | null): Promise<void> {
    await Promise.all([
      this.#address.penalize(address),
      this.#guessed.penalize(address),
      this.#global.penalize('all'),
      ...(code ? neighbourhoods(code).map((n) => this.#near.penalize(n)) : []),
    ]);
  }
}
