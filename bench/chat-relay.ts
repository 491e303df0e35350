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

/** Times N chat lines (after WARMUP) through `srv`, then closes it. */
export async function chatRelay(srv: Awaited<ReturnType<typeof startTestServer>>): Promise<number[]> {
  try {
    const repToken = await login(srv.url);
    const rep = await TestClient.open(srv.url, repToken, CONSOLE_ORIGIN);
    const { body } = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Bench' } });
    const customer = await TestClient.open(srv.url, body.customerToken, CUSTOMER_ORIGIN);
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
  } finally {
    await srv.close();
  }
}
