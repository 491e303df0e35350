import { ProtocolError } from '@rs/protocol';
import type { Counters } from '../limits/limiter.ts';
import type { ThrottleConfig } from './config.ts';

const WAIT_MESSAGE = 'too many wrong sign-ins; wait and try again';

/**
 * Wrong passwords are counted per account and per address. Per account: a few
 * are free, then waits double (1 s, 2 s ...) up to a cap of about a minute, so
 * a guesser slows to a crawl while someone attacking a representative's name
 * can keep them out for at most the cap after their own right password waits.
 * Per address: a larger budget over a longer window, for one client spraying
 * many accounts. A right password clears its account's count (not its
 * address's, or one valid account would reset a sprayer's budget).
 * While either is blocked even the right password is refused, unchecked.
 */
export class SignInThrottle {
  readonly #account;
  readonly #address;

  constructor(counters: Counters, config: ThrottleConfig) {
    this.#account = counters.limiter(
      'sign-in:account',
      { points: config.signInAccountFreeFailures, perSeconds: config.signInAddressWindowSeconds, backoffMaxSeconds: config.signInAccountMaxWaitSeconds },
      WAIT_MESSAGE,
    );
    this.#address = counters.limiter(
      'sign-in:address',
      { points: config.signInAddressMaxFailures, perSeconds: config.signInAddressWindowSeconds, blockSeconds: config.signInAddressWindowSeconds },
      WAIT_MESSAGE,
    );
  }

  /** Throws `rate_limited` with the later of the two waits (so one retry after it is not refused again), before any password is checked. */
  async check(username: string, address: string): Promise<void> {
    const wait = Math.max(await this.#address.blockedFor(address), await this.#account.blockedFor(accountKey(username)));
    if (wait > 0) throw new ProtocolError('rate_limited', WAIT_MESSAGE, { retryAfterMs: wait });
  }

  async failed(username: string, address: string): Promise<void> {
    await Promise.all([this.#account.penalize(accountKey(username)), this.#address.penalize(address)]);
  }

  async succeeded(username: string): Promise<void> {
    await this.#account.reset(accountKey(username));
  }
}

/** One budget per name whatever its case or padding, so a guesser gets no fresh budget per spelling. */
const accountKey = (username: string): string => username.trim().toLowerCase();
