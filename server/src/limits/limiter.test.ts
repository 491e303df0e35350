import { afterAll, beforeAll } from 'vitest';
import type { Redis } from 'ioredis';
import { MemoryCounters } from './limiter.ts';
import { RedisCounters } from './redis-counters.ts';
import { countersContract } from './counters-contract.ts';
import { redisClient } from '../cluster/redis-client.ts';
import { startRedis, type RedisServer } from '../cluster/redis-testing.ts';

countersContract('MemoryCounters', () => {
  const one = new MemoryCounters();
  return { a: one, b: one };
});

let redis: RedisServer;
const clients: Redis[] = [];
beforeAll(async () => {
  redis = await startRedis();
  clients.push(redisClient(redis.url, 'node-a'), redisClient(redis.url, 'node-b'));
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
  await redis?.stop();
});

countersContract('RedisCounters', () => ({ a: new RedisCounters(clients[0]!), b: new RedisCounters(clients[1]!) }));
