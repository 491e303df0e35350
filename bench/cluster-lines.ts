/**
 * Acknowledged chat lines lost across a `kill -9` of a node: three nodes behind
 * HAProxy on one PostgreSQL (fsync on) and one Redis; BENCH_SESSIONS customers
 * whose live sockets are on node a (the balancer's port that prefers a), their
 * representative on node b. Every customer sends lines one after another and
 * counts a line only when the server acknowledged it (the reply to chat.send).
 * Node a is killed once a third of the lines are acknowledged; each customer
 * reconnects through the same balancer URL (at once, then every 20 ms) and
 * goes on. At the end every acknowledged line must be in its session's
 * transcript (read through another node); the figure is how many are not,
 * with the longest time a customer went without an acknowledged line.
 *
 *   node bench/cluster-lines.ts
 *   BENCH_SESSIONS (30) customers, BENCH_LINES (170) lines each
 */
import { performance } from 'node:perf_hooks';
import type { CreateSessionResponse, TranscriptResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, TestClient } from '../server/src/testing.ts';
import { startCluster, type ClusterNode } from '../e2e/src/harness/cluster.ts';
import { ADMIN_PASSWORD } from '../e2e/src/harness/server.ts';
import { BENCH_NODE_ENV, pct } from './cluster-clients.ts';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 30);
const LINES = Number(process.env.BENCH_LINES ?? 170);

type Customer = { sessionId: string; token: string; acknowledged: string[]; longestGapMs: number };

/** One request on `client`, or null as soon as its socket goes (the node died) or it is not answered. */
async function ask(client: TestClient, message: { type: 'chat.send'; id: string; sessionId: string; text: string }) {
  const gone = client.closed.then(() => null);
  return Promise.race([client.request(message).catch(() => null), gone]);
}

async function connect(url: string, token: string): Promise<TestClient> {
  for (const started = performance.now(); ; ) {
    try {
      return await TestClient.open(url, token, CUSTOMER_ORIGIN);
    } catch (err) {
      if (performance.now() - started > 30_000) throw new Error(`not back within 30 s: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function talk(url: string, c: Customer, total: { acked: number }, killAt: number, kill: () => Promise<void>): Promise<void> {
  let client = await connect(url, c.token);
  let lastAck = performance.now();
  for (let i = 0; c.acknowledged.length < LINES; i++) {
    const text = `${c.sessionId.slice(0, 6)} line ${i}`;
    const answer = await ask(client, { type: 'chat.send', id: `l${i}`, sessionId: c.sessionId, text });
    if (answer?.type === 'reply') {
      c.acknowledged.push(text);
      c.longestGapMs = Math.max(c.longestGapMs, performance.now() - lastAck);
      lastAck = performance.now();
      if (++total.acked === killAt) void kill();
      continue;
    }
    if (answer?.type === 'error') throw new Error(`chat.send: ${JSON.stringify(answer)}`);
    client.close();
    client = await connect(url, c.token);
  }
  client.close();
}

const cluster = await startCluster({ nodes: 3, env: BENCH_NODE_ENV, durable: true });
const [a, b, c] = cluster.nodes as [ClusterNode, ClusterNode, ClusterNode];
try {
  const repToken = await login(b.url, 'admin', ADMIN_PASSWORD);
  const rep = await TestClient.open(b.url, repToken, CONSOLE_ORIGIN);
  const customers: Customer[] = [];
  for (let i = 0; i < SESSIONS; i++) {
    const { body } = await api<CreateSessionResponse>(a.preferUrl, '/api/sessions', { body: { customerName: `Lines ${i}` } });
    const accepted = await rep.request({ type: 'session.accept', id: `accept${i}`, sessionId: body.session.id });
    if (accepted.type !== 'reply') throw new Error(`accept: ${JSON.stringify(accepted)}`);
    customers.push({ sessionId: body.session.id, token: body.customerToken, acknowledged: [], longestGapMs: 0 });
  }
  let killedAt = 0;
  const kill = async () => {
    killedAt = performance.now();
    await cluster.kill(a);
  };
  const started = performance.now();
  const total = { acked: 0 };
  await Promise.all(customers.map((cust) => talk(a.preferUrl, cust, total, Math.floor((SESSIONS * LINES) / 3), kill)));
  const seconds = (performance.now() - started) / 1000;
  rep.close();

  let lost = 0;
  for (const cust of customers) {
    const { body } = await api<TranscriptResponse>(c.url, `/api/sessions/${cust.sessionId}/transcript`, { token: repToken });
    const stored = new Set(body.messages.map((m) => m.text));
    lost += cust.acknowledged.filter((t) => !stored.has(t)).length;
  }
  const gaps = customers.map((cust) => cust.longestGapMs);
  console.log(`kill -9 of node a ${killedAt ? 'done' : 'NOT reached'}, ${SESSIONS} sessions on it, ${total.acked} acknowledged lines in ${seconds.toFixed(1)} s`);
  console.log(`acknowledged lines missing from the transcripts: ${lost}`);
  console.log(`longest time a customer went without an acknowledged line: p50 ${pct(gaps, 50).toFixed(0)} ms, max ${Math.max(...gaps).toFixed(0)} ms`);
} finally {
  await cluster.close();
}
