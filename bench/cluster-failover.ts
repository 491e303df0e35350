/**
 * Fail-over time: three nodes behind HAProxy on one PostgreSQL and one Redis;
 * a customer's live socket on node a (through the balancer's port that
 * prefers a), their representative on node b. SIGKILL node a, then the
 * customer reconnects through the same balancer URL (at once and every 20 ms
 * after a refusal) until its first chat line is acknowledged on another node.
 * Baseline in the same run: the same customer closing its own socket and
 * reconnecting to the live node a until its first acknowledged line.
 * The extension waits 500 ms before its first reconnect; that is not counted here.
 *
 *   node bench/cluster-failover.ts
 *   BENCH_ROUNDS (5) kills (node a is restarted between rounds)
 */
import { performance } from 'node:perf_hooks';
import type { CreateSessionResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, TestClient } from '../server/src/testing.ts';
import { startCluster, type ClusterNode } from '../e2e/src/harness/cluster.ts';
import { ADMIN_PASSWORD } from '../e2e/src/harness/server.ts';
import { BENCH_NODE_ENV, pct } from './cluster-clients.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
let line = 0;

/** Reconnects through `url` until a chat line is acknowledged; the time from `t0`. */
async function backAndAcknowledged(url: string, token: string, sessionId: string, t0: number): Promise<{ ms: number; attempts: number; client: TestClient }> {
  for (let attempts = 1; ; attempts++) {
    try {
      const client = await TestClient.open(url, token, CUSTOMER_ORIGIN);
      const answer = await client.request({ type: 'chat.send', id: `l${++line}`, sessionId, text: `after ${line}` });
      if (answer.type !== 'reply') throw new Error(`chat.send: ${JSON.stringify(answer)}`);
      return { ms: performance.now() - t0, attempts, client };
    } catch (err) {
      if (performance.now() - t0 > 30_000) throw new Error(`not back within 30 s: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

const cluster = await startCluster({ nodes: 3, env: BENCH_NODE_ENV, durable: true });
const [a, b] = cluster.nodes as [ClusterNode, ClusterNode];
const baseline: number[] = [];
const failover: number[] = [];
const landed: string[] = [];
try {
  const repToken = await login(b.url, 'admin', ADMIN_PASSWORD);
  const rep = await TestClient.open(b.url, repToken, CONSOLE_ORIGIN);
  for (let r = 0; r < ROUNDS; r++) {
    const { body } = await api<CreateSessionResponse>(a.preferUrl, '/api/sessions', { body: { customerName: `Failover ${r}` } });
    const accepted = await rep.request({ type: 'session.accept', id: `accept${r}`, sessionId: body.session.id });
    if (accepted.type !== 'reply') throw new Error(`accept: ${JSON.stringify(accepted)}`);
    let customer = await TestClient.open(a.preferUrl, body.customerToken, CUSTOMER_ORIGIN);

    // Baseline: the customer's own reconnect to a live node a.
    customer.close();
    await customer.closed;
    const t0 = performance.now();
    customer = (await backAndAcknowledged(a.preferUrl, body.customerToken, body.session.id, t0)).client;
    baseline.push(performance.now() - t0);

    const before = await cluster.connections();
    const t1 = performance.now();
    await cluster.kill(a);
    const back = await backAndAcknowledged(a.preferUrl, body.customerToken, body.session.id, t1);
    failover.push(back.ms);
    const after = await cluster.connections();
    landed.push(Object.keys(after).find((n) => n !== 'a' && (after[n] ?? 0) > (before[n] ?? 0)) ?? '?');
    console.log(`round ${r + 1}: back and acknowledged ${back.ms.toFixed(0)} ms after SIGKILL (${back.attempts} attempts), on node ${landed.at(-1)}`);
    back.client.close();
    await cluster.restart(a);
  }
  rep.close();
} finally {
  await cluster.close();
}

const row = (name: string, xs: number[]) => `${name.padEnd(44)} p50 ${pct(xs, 50).toFixed(1)} ms   max ${Math.max(...xs).toFixed(1)} ms   (${xs.length})`;
console.log(`\nFail-over through HAProxy, 3 nodes, PostgreSQL + Redis, ${ROUNDS} rounds`);
console.log(row('own reconnect to a live node (baseline)', baseline));
console.log(row('SIGKILL to first acknowledged line elsewhere', failover));
console.log(`ratio fail-over / baseline: p50 ${(pct(failover, 50) / pct(baseline, 50)).toFixed(2)}`);
