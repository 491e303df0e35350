import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { LocalBus, type Bus } from './bus.ts';
import type { ClusterConfig } from './config.ts';
import type { Presence } from './presence.ts';
import { RedisBus } from './redis-bus.ts';
import { redisClient } from './redis-client.ts';
import { RedisPresence } from './redis-presence.ts';
import { MemoryCounters, type Counters } from '../limits/limiter.ts';
import { RedisCounters } from '../limits/redis-counters.ts';

/** What one node shares with the others: the bus, presence and counters (all in process without REDIS_URL). */
export interface ClusterParts {
  bus: Bus;
  counters: Counters;
  presence: Presence | undefined;
  /** Resolves once Redis answered (at once without Redis); rejects when it cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** REDIS_URL set: Redis for all three; unset: this process alone, so `npm start` needs nothing new. A given bus is used as it is (and not closed). */
export function clusterParts(config: ClusterConfig, givenBus?: Bus): ClusterParts {
  if (!config.redisUrl) {
    const bus = givenBus ?? new LocalBus();
    return { bus, counters: new MemoryCounters(), presence: undefined, ping: async () => undefined, close: async () => void (givenBus ? undefined : await bus.close()) };
  }
  const nodeId = givenBus?.nodeId ?? randomUUID();
  const bus = givenBus ?? new RedisBus(config.redisUrl, nodeId);
  const redis: Redis = redisClient(config.redisUrl, 'state');
  const presence = new RedisPresence(redis, { nodeId, ttlMs: config.presenceTtlMs });
  return {
    bus,
    counters: new RedisCounters(redis),
    presence,
    async ping() {
      await redis.ping();
    },
    async close() {
      if (!givenBus) await bus.close();
      await redis.quit().catch(() => undefined);
    },
  };
}
