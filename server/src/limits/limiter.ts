import { ProtocolError } from '@rs/protocol';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A budget: `points` per `perSeconds`; once spent, the key is refused for `blockSeconds` (default: until the window ends). */
export interface Rule {
  points: number;
  perSeconds: number;
  blockSeconds?: number;
}

/**
 * One named counter (sign-in per address, chat per session, ...). Keys are
 * what is counted: an address, an account, a session. Every call is bounded
 * in cost; the backing store decides where the numbers live.
 */
export interface Limiter {
  /** Spends `cost` points of `key`; throws ProtocolError `rate_limited` (with `retryAfterMs`) when they are not there. */
  consume(key: string, cost?: number): Promise<void>;
  /** Milliseconds until `key` may act again; 0 when it may now. Spends nothing. */
  blockedFor(key: string): Promise<number>;
  /** Records a failure without refusing this call (a wrong password): later calls are refused once the budget is gone. */
  penalize(key: string, cost?: number): Promise<void>;
  /** Forgets `key` (a right password clears its wrong ones). */
  reset(key: string): Promise<void>;
}

/** Where counters live. In process now; a shared store (Redis) implements the same for several nodes. */
export interface Counters {
  limiter(name: string, rule: Rule, message: string): Limiter;
}

/** Counters in this process's memory (rate-limiter-flexible's RateLimiterMemory, which expires its keys). */
export class MemoryCounters implements Counters {
  limiter(name: string, rule: Rule, message: string): Limiter {
    return new FlexibleLimiter(
      new RateLimiterMemory({ keyPrefix: name, points: rule.points, duration: rule.perSeconds, blockDuration: rule.blockSeconds ?? 0 }),
      message,
    );
  }
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
