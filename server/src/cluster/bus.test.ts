import { afterAll, beforeAll } from 'vitest';
import { LocalBus } from './bus.ts';
import { busContract } from './bus-contract.ts';
import { RedisBus } from './redis-bus.ts';
import { redisClient } from './redis-client.ts';
import { startRedis, type RedisServer } from './redis-testing.ts';

busContract('LocalBus', async () => {
  const bus = new LocalBus();
  return { nodes: [bus], close: () => bus.close() };
}, { wire: false });

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

busContract('RedisBus', async () => {
  const nodes = [new RedisBus(redis.url), new RedisBus(redis.url), new RedisBus(redis.url)];
  const stranger = redisClient(redis.url, 'stranger');
  return {
    nodes,
    injectRaw: async (channel, raw) => void (await stranger.publish(`rs:bus:${channel}`, raw)),
    close: async () => {
      await Promise.all(nodes.map((n) => n.close()));
      await stranger.quit();
    },
  };
}, { wire: true });
