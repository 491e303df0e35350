import { ProtocolError } from '@rs/protocol';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A budget: `points` per `perSeconds`; once spent, the key is refused for `blockSeconds` (default: until the window ends). */
export interface Rule {
  points: number;
  perSeconds: number;
  blockSeconds?: number;
  /**
   * Exponential backoff instead of a fixed block: once `points` failures are spent within `perSeconds`,
   * each further failure blocks the key for twice as long as the last (1 s, 2 s, 4 s ...) up to this cap.
   * For credentials: a guesser slows down fast, the real owner is never shut out for longer than the cap.
   */
  backoffMaxSeconds?: number;
}

/**
 * One named counter (sign-in per address, chat per session, ...). Keys are
 * what is counted: an address, an account, a session. Every call is bounded
 * in cost; the backing store decides where the numbers live.
 */
export interface Limiter {
  /** Spends `cost` points of `key`; throws ProtocolError `rate_limited` (with `retryAfterMs`) when they are not there. */
  consume(key: string, cost?: number): Promise<void>;
  /** Throws ProtocolError `rate_limited` (with `retryAfterMs`) while `key` is blocked. Spends nothing. */
  check(key: string): Promise<void>;
  /** Milliseconds until `key` may act again; 0 when it may now. Spends nothing. */
  blockedFor(key: string): Promise<number>;
  /** Records a failure without refusing this call (a wrong password): later calls are refused once the budget is gone. */
  penalize(key: string, cost?: number): Promise<void>;
  /** Forgets `key` (a right password clears its wrong ones). */
  reset(key: string): Promise<void>;
}

/** Where counters live. In process now; a shared store (Redis) implements the same for several nodes. */
export interface Counters {
  /** The counter called `name`; asking again for the same name gives the same counter (its first rule holds). */
  limiter(name: string, rule: Rule, message: string): Limiter;
}

/**
 * Counters in this process's memory (rate-limiter-flexible's RateLimiterMemory, which expires its keys).
 * One name is one counter, as it is in a shared store where the name is the key prefix: two features
 * asking for `session-create` (the REST intake and session-key redeem) spend the same budget.
 */
export class MemoryCounters implements Counters {
  readonly #named = new Map<string, Limiter>();

  limiter(name: string, rule: Rule, message: string): Limiter {
    let limiter = this.#named.get(name);
    if (!limiter) this.#named.set(name, (limiter = memoryLimiter(name, rule, message)));
    return limiter;
  }
}

/** What a backend needs to make one rate-limiter-flexible limiter. */
export type LimiterOptions = { keyPrefix: string; points: number; duration: number; blockDuration?: number };

/** One named Limiter on any rate-limiter-flexible backend (`make` builds that backend's limiter from the options). */
export function namedLimiter(name: string, rule: Rule, message: string, make: (options: LimiterOptions) => RateLimiterAbstract): Limiter {
  if (rule.backoffMaxSeconds !== undefined)
    return new BackoffLimiter(
      make({ keyPrefix: name, points: rule.points, duration: rule.perSeconds }),
      make({ keyPrefix: `${name}:wait`, points: 1, duration: 1 }),
      rule.backoffMaxSeconds,
      message,
    );
  return new FlexibleLimiter(make({ keyPrefix: name, points: rule.points, duration: rule.perSeconds, blockDuration: rule.blockSeconds ?? 0 }), message);
}

function memoryLimiter(name: string, rule: Rule, message: string): Limiter {
  return namedLimiter(name, rule, message, (options) => new RateLimiterMemory(options));
}

/** Adapts any rate-limiter-flexible backend (memory, Redis, PostgreSQL) to `Limiter`. */
export class FlexibleLimiter implements Limiter {
  readonly #rl: RateLimiterAbstract;
  readonly #message: string;

  constructor(rl: RateLimiterAbstract, message: string) {
    this.#rl = rl;
    this.#message = message;
  }

  async consume(key: string, cost = 1): Promise<void> {
    try {
      await this.#rl.consume(key, cost);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw new ProtocolError('rate_limited', this.#message, { retryAfterMs: err.msBeforeNext });
      throw err;
    }
  }

  async check(key: string): Promise<void> {
    const ms = await this.blockedFor(key);
    if (ms > 0) throw new ProtocolError('rate_limited', this.#message, { retryAfterMs: ms });
  }

  async blockedFor(key: string): Promise<number> {
    const res = await this.#rl.get(key);
    return res && res.remainingPoints <= 0 ? Math.max(0, res.msBeforeNext) : 0;
  }

  async penalize(key: string, cost = 1): Promise<void> {
    try {
      await this.#rl.consume(key, cost);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
    }
  }

  async reset(key: string): Promise<void> {
    await this.#rl.delete(key);
  }
}

/**
 * Exponential backoff on any two rate-limiter-flexible backends: `failures` counts within its window,
 * `waits` holds the current block (rate-limiter-flexible's `block`). Failure number `points` waits 1 s,
 * each later one twice the last, up to `maxSeconds`; the count is forgotten when its window ends.
 */
export class BackoffLimiter implements Limiter {
  readonly #failures: RateLimiterAbstract;
  readonly #waits: RateLimiterAbstract;
  readonly #maxSeconds: number;
  readonly #message: string;

  constructor(failures: RateLimiterAbstract, waits: RateLimiterAbstract, maxSeconds: number, message: string) {
    this.#failures = failures;
    this.#waits = waits;
    this.#maxSeconds = maxSeconds;
    this.#message = message;
  }

  /** Refuses while blocked; otherwise counts one failure (a caller that only wants the check uses `check`). */
  async consume(key: string, cost = 1): Promise<void> {
    await this.check(key);
    await this.penalize(key, cost);
  }

  async check(key: string): Promise<void> {
    const ms = await this.blockedFor(key);
    if (ms > 0) throw new ProtocolError('rate_limited', this.#message, { retryAfterMs: ms });
  }

  async blockedFor(key: string): Promise<number> {
    const res = await this.#waits.get(key);
    return res && res.remainingPoints <= 0 ? Math.max(0, res.msBeforeNext) : 0;
  }

  async penalize(key: string, cost = 1): Promise<void> {
    const { consumedPoints } = await this.#failures.penalty(key, cost);
    const over = consumedPoints - this.#failures.points;
    if (over < 0) return;
    // 2^over seconds, computed without overflowing for a long run of failures.
    const seconds = over >= Math.log2(this.#maxSeconds) ? this.#maxSeconds : 2 ** over;
    await this.#waits.block(key, seconds);
  }

  async reset(key: string): Promise<void> {
    await Promise.all([this.#failures.delete(key), this.#waits.delete(key)]);
  }
}
