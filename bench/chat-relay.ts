/** The chat relay measurement shared by the benchmarks: `chat.send` from a customer until the representative's socket has the `chat` notice. */
import { performance } from 'node:perf_hooks';
import type { CreateSessionResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, TestClient, type startTestServer } from '../server/src/testing.ts';

export const N = Number(process.env.BENCH_MESSAGES ?? 1000);
export const WARMUP = 50;

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

export const row = (name: string, xs: number[]) =>
  `${name.padEnd(34)} p50 ${pct(xs, 50).toFixed(3)} ms   p99 ${pct(xs, 99).toFixed(3)} ms   (${xs.length} messages)`;

/**
 * Times `count` chat lines (after `warmup`) from a new customer on `customerUrl` to the representative
 * signed in with `repToken` on `repUrl` (one node, or two: the line crosses the bus). A line that does not
 * arrive within `timeoutMs` throws.
 */
export async function relayLines(customerUrl: string, repUrl: string, repToken: string, { count = N, warmup = WARMUP, timeoutMs = 10_000 } = {}): Promise<number[]> {
  const rep = await TestClient.open(repUrl, repToken, CONSOLE_ORIGIN);
  const { body } = await api<CreateSessionResponse>(customerUrl, '/api/sessions', { body: { customerName: 'Bench' } });
  const customer = await TestClient.open(customerUrl, body.customerToken, CUSTOMER_ORIGIN);
  try {
    const accepted = await rep.request({ type: 'session.accept', id: 'a', sessionId: body.session.id });
    if (accepted.type !== 'reply') throw new Error(`accept: ${JSON.stringify(accepted)}`);
    const times: number[] = [];
    for (let i = 0; i < count + warmup; i++) {
      const text = `message ${i}`;
      const t0 = performance.now();
      customer.send({ type: 'chat.send', id: `m${i}`, sessionId: body.session.id, text });
      await rep.next('chat', (c) => c.message.text === text, timeoutMs);
      if (i >= warmup) times.push(performance.now() - t0);
      rep.received.length = 0;
      customer.received.length = 0;
    }
    return times;
  } finally {
    rep.close();
    customer.close();
  }
}

/** Times N chat lines (after WARMUP) through `srv`, then closes it. */
export async function chatRelay(srv: Awaited<ReturnType<typeof startTestServer>>): Promise<number[]> {
  try {
    return await relayLines(srv.url, srv.url, await login(srv.url));
  } finally {
    await srv.close();
  }
}
