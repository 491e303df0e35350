import { expect, it } from 'vitest';
import { HealthSchema } from '@rs/protocol';
import { startRedis } from '../cluster/redis-testing.ts';
import { startTestServer } from '../testing.ts';

async function health(url: string) {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: HealthSchema.parse(await res.json()) };
}

it('/healthz answers 503 naming Redis once this node cannot reach it, so the load balancer takes the node out; 200 again once it can', { timeout: 30_000 }, async () => {
  const redis = await startRedis();
  const srv = await startTestServer({ REDIS_URL: redis.url });
  try {
    expect(await health(srv.url)).toMatchObject({ status: 200, body: { ok: true } });
    await redis.stop();
    let answer = await health(srv.url);
    while (answer.status === 200) answer = await health(srv.url);
    expect(answer).toMatchObject({ status: 503, body: { ok: false, failing: ['redis'] } });
  } finally {
    await srv.close();
    await redis.stop();
  }
});

it('/healthz answers 503 naming the database once it cannot be read', async () => {
  const srv = await startTestServer();
  try {
    expect(await health(srv.url)).toMatchObject({ status: 200, body: { ok: true, peerjs: { dropped: 0 } } });
    await srv.store.close();
    expect(await health(srv.url)).toMatchObject({ status: 503, body: { ok: false, failing: ['database'] } });
  } finally {
    await srv.close().catch(() => undefined);
  }
});
