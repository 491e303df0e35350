/**
 * Live queue updates: with N customers waiting, a representative accepts the
 * first; measured until every remaining customer has its new position and
 * estimate (`wait` notice: queue query, handle-time query, estimate, fan-out).
 * Baseline from the same run: the accept's own reply, which does the session
 * transition without telling the waiting customers anything.
 */
import { performance } from 'node:perf_hooks';
import type { CreateSessionResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient } from '../server/src/testing.ts';

const N = Number(process.env.BENCH_QUEUE ?? 100);
const ACCEPTS = Math.floor(N / 2);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

const srv = await startTestServer({ CUSTOMER_GRACE_MS: '600000' });
const rep = await TestClient.open(srv.url, await login(srv.url), CONSOLE_ORIGIN);
const waiting: { id: string; client: TestClient }[] = [];
for (let i = 0; i < N; i++) {
  const { body } = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: `Customer ${i}` } });
  waiting.push({ id: body.session.id, client: await TestClient.open(srv.url, body.customerToken, CUSTOMER_ORIGIN) });
}
await Promise.all(waiting.map((w, i) => w.client.next('wait', (m) => m.position === i + 1, 20_000)));

const replies: number[] = [];
const fanOut: number[] = [];
for (let k = 0; k < ACCEPTS; k++) {
  for (const w of waiting) w.client.received.length = 0;
  const t0 = performance.now();
  const accepted = waiting[k]!;
  const rest = waiting.slice(k + 1);
  const allUpdated = Promise.all(rest.map((w, j) => w.client.next('wait', (m) => m.position === j + 1, 20_000)));
  await rep.request({ type: 'session.accept', id: `a${k}`, sessionId: accepted.id });
  replies.push(performance.now() - t0);
  await allUpdated;
  fanOut.push(performance.now() - t0);
  rep.received.length = 0;
}

const row = (name: string, xs: number[]) => `${name.padEnd(48)} p50 ${pct(xs, 50).toFixed(2)} ms   p99 ${pct(xs, 99).toFixed(2)} ms   (${xs.length} accepts)`;
console.log(`${N} customers waiting, ${ACCEPTS} accepted one by one`);
console.log(row('baseline: accept reply', replies));
console.log(row('product: every waiting customer has its new wait', fanOut));
console.log(`ratio product/baseline: p50 ${(pct(fanOut, 50) / pct(replies, 50)).toFixed(2)}x`);
for (const w of waiting) w.client.close();
rep.close();
await srv.close();
process.exit(0);
