/**
 * Chat relay latency across two server nodes (`node bench/cluster-chat.ts`):
 * a customer's `chat.send` on node A until the representative's socket on
 * node B has the `chat` notice (stored in PostgreSQL, then relayed over Redis
 * pub/sub), against both parties on one node with the same PostgreSQL and
 * Redis, and one node on PostgreSQL without Redis (the in-process bus), in
 * one run. Needs the Debian `postgresql` and `redis-server` packages.
 */
import { performance } from 'node:perf_hooks';
import type { CreateSessionResponse } from '@rs/protocol';
import { loadConfig } from '../server/src/config.ts';
import { startServer, type RunningServer } from '../server/src/app.ts';
import { ensureAdmin } from '../server/src/auth/admin.ts';
import { PgStore } from '../server/src/store/pg.ts';
import { startPgCluster } from '../server/src/store/pg-testing.ts';
import { startRedis } from '../server/src/cluster/redis-testing.ts';
import { ADMIN_PASSWORD, api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, TestClient } from '../server/src/testing.ts';
import { N, WARMUP, pct, row } from './chat-relay.ts';

const pg = await startPgCluster({ durable: true });
const redis = await startRedis();

async function node(db: string, env: Record<string, string>): Promise<RunningServer> {
  const store = await PgStore.open(db);
  await ensureAdmin(store, 'admin', ADMIN_PASSWORD);
  return startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', CUSTOMER_GRACE_MS: '60000', SESSION_CREATE_MAX_PER_ADDRESS: '1000', CHAT_PER_MINUTE: String(10 * (N + 100)), TRANSCRIPT_MAX_LINES: String(10 * (N + 100)), ...env }), store);
}

/** N chat lines (after WARMUP) from a customer on `customerNode` to the representative on `repNode`. */
async function relay(customerNode: RunningServer, repNode: RunningServer): Promise<number[]> {
  const rep = await TestClient.open(repNode.url, await login(repNode.url), CONSOLE_ORIGIN);
  const { body } = await api<CreateSessionResponse>(customerNode.url, '/api/sessions', { body: { customerName: 'Bench' } });
  const customer = await TestClient.open(customerNode.url, body.customerToken, CUSTOMER_ORIGIN);
  await rep.request({ type: 'session.accept', id: 'a', sessionId: body.session.id });
  const times: number[] = [];
  for (let i = 0; i < N + WARMUP; i++) {
    const text = `message ${i}`;
    const t0 = performance.now();
    customer.send({ type: 'chat.send', id: `m${i}`, sessionId: body.session.id, text });
    await rep.next('chat', (c) => c.message.text === text);
    if (i >= WARMUP) times.push(performance.now() - t0);
    rep.received.length = 0;
    customer.received.length = 0;
  }
  rep.close();
  customer.close();
  return times;
}

try {
  const alone = await node(await pg.freshDatabase(), {});
  const single = await relay(alone, alone);
  await alone.close();

  const db = await pg.freshDatabase();
  const a = await node(db, { REDIS_URL: redis.url });
  const b = await node(db, { REDIS_URL: redis.url });
  const sameNode = await relay(a, a);
  const across = await relay(a, b);
  await a.close();
  await b.close();

  console.log(row('one node, no Redis (baseline)', single));
  console.log(row('one node of two, Redis', sameNode));
  console.log(row('customer on A, rep on B', across));
  const ratio = (xs: number[], base: number[]) => `p50 ${(pct(xs, 50) / pct(base, 50)).toFixed(2)}x   p99 ${(pct(xs, 99) / pct(base, 99)).toFixed(2)}x`;
  console.log(`ratio across/baseline:   ${ratio(across, single)}`);
  console.log(`ratio same node/baseline: ${ratio(sameNode, single)}`);
} finally {
  await redis.stop();
  await pg.stop();
}
// peer's internal expiry timers are not reachable from outside and keep the loop alive.
process.exit(0);
