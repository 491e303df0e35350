import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { namedLimiter, type Counters, type Limiter, type Rule } from './limiter.ts';

/** Every counter's keys start with this, so one Redis can serve other things too. */
const PREFIX = 'rs:rl:';

/**
 * Counters in Redis (rate-limiter-flexible's RateLimiterRedis: an atomic
 * increment with a TTL), so every node spends and sees the same budgets.
 * While Redis cannot answer, each node counts in its own memory (the
 * library's insurance limiter) rather than refusing everyone or letting
 * everything through.
 */
export class RedisCounters implements Counters {
  readonly #redis: Redis;
  readonly #named = new Map<string, Limiter>();

  constructor(redis: Redis) {
    this.#redis = redis;
  }

  limiter(name: string, rule: Rule, message: string): Limiter {
    let limiter = this.#named.get(name);
    if (!limiter)
      this.#named.set(
        name,
        (limiter = namedLimiter(name, rule, message, (options) => {
          return new RateLimiterRedis({
            ...options,
            keyPrefix: PREFIX + options.keyPrefix,
            storeClient: this.#redis,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory(options),
          });
        })),
      );
    return limiter;
  }
}
