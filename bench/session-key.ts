/**
 * Keyed session start: a customer redeems a session key (guess limiter,
 * single-use claim, routing to the rep's personal queue, per-rep queue
 * fan-out) until the generating representative's socket shows it, against a
 * baseline in the same run: a plain chat start (POST /api/sessions) until a
 * representative's queue shows it. REPS representatives are online, so every
 * start fans out REPS individual queues.
 */
import { performance } from 'node:perf_hooks';
import type { SessionKeyView } from '@rs/protocol';
import { addRep, api, CONSOLE_ORIGIN, login, startTestServer, TestClient } from '../server/src/testing.ts';

const N = Number(process.env.BENCH_SESSIONS ?? 200);
const REPS = Number(process.env.BENCH_REPS ?? 10);
const WARMUP = 10;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function run(keyed: boolean): Promise<number[]> {
  // A generous guess limit: every redemption here is right, but keep the limiter in the path.
  const srv = await startTestServer({ SESSION_KEY_MAX_GUESSES: '1000' });
  try {
    const token = await login(srv.url);
    const admin = await TestClient.open(srv.url, token, CONSOLE_ORIGIN);
    const others: TestClient[] = [];
    for (let r = 1; r < REPS; r++) {
      await addRep(srv.store, `rep${r}`, 'bench-password', `Rep ${r}`);
      others.push(await TestClient.open(srv.url, await login(srv.url, `rep${r}`, 'bench-password'), CONSOLE_ORIGIN));
    }
    const times: number[] = [];
    for (let i = 0; i < N + WARMUP; i++) {
      const name = `Customer ${i}`;
      const key = keyed ? (await api<SessionKeyView>(srv.url, '/api/session-keys', { token, body: { incident: `INC-${i}` } })).body.key : '';
      const t0 = performance.now();
      if (keyed) await api(srv.url, '/api/session-keys/redeem', { body: { key, customerName: name } });
      else await api(srv.url, '/api/sessions', { body: { customerName: name } });
      await admin.next('queue', (q) => q.entries.some((e) => e.customerName === name));
      if (i >= WARMUP) times.push(performance.now() - t0);
      for (const c of [admin, ...others]) c.received.length = 0;
    }
    for (const c of [admin, ...others]) c.close();
    return times;
  } finally {
    await srv.close();
  }
}

// Baseline, keyed, baseline again: the second baseline shows how much a warmer process alone gains.
const baseline = await run(false);
const keyed = await run(true);
const baselineAgain = await run(false);
const line = (label: string, xs: number[]) => `${label.padEnd(34)} p50 ${pct(xs, 50).toFixed(2)} ms  p99 ${pct(xs, 99).toFixed(2)} ms`;
console.log(`session start to the rep's queue, ${N} sessions, ${REPS} reps online (queue grows to ${N + WARMUP})`);
console.log(line('baseline: POST /api/sessions', baseline));
console.log(line('keyed: POST /api/session-keys/redeem', keyed));
console.log(line('baseline again (warm)', baselineAgain));
console.log(`keyed / warm baseline p50: ${(pct(keyed, 50) / pct(baselineAgain, 50)).toFixed(2)}x`);
