import { Redis } from 'ioredis';
import { log } from '../observability/log.ts';

/**
 * A Redis connection for the cluster's needs (pub/sub, presence, counters).
 * `url` is a redis:// or rediss:// URL or a unix socket path. ioredis
 * reconnects on its own (backing off to 2 s); while it is away, commands wait
 * in its offline queue. Connection errors are logged once per outage, never
 * thrown at the process.
 */
export function redisClient(url: string, role: string): Redis {
  const redis = new Redis(url, {
    connectionName: `rs-${role}`,
    retryStrategy: (times) => Math.min(times * 100, 2000),
    // Commands issued during an outage fail after a few tries instead of waiting forever.
    maxRetriesPerRequest: 3,
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) log.warn(`redis (${role}): ${err.message}`);
    down = true;
  });
  redis.on('ready', () => (down = false));
  return redis;
}
