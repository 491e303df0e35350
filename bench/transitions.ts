/**
 * Session transitions as one transaction each, against the same transitions
 * with `store.transaction` made a pass-through (each write committed on its
 * own, as before transitions were atomic), in one run, on SQLite in memory,
 * SQLite on a file (WAL) and PostgreSQL (a throwaway local cluster over its
 * unix socket, fsync on): the time from a request to its reply for creating a
 * session (REST), accepting it and closing it (live socket), BENCH_CYCLES
 * (200) cycles in each of BENCH_ROUNDS (3) alternating rounds. The reply goes
 * after the commit and its notices.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateSessionResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, login, startTestServer, TestClient } from '../server/src/testing.ts';
import { SqliteStore } from '../server/src/store/sqlite.ts';
import { PgStore } from '../server/src/store/pg.ts';
import { startPgCluster } from '../server/src/store/pg-testing.ts';
import type { Store } from '../server/src/store/store.ts';
import { pct } from './chat-relay.ts';

const CYCLES = Number(process.env.BENCH_CYCLES ?? 200);
const WARMUP = 20;
const ENV = { SESSION_CREATE_MAX_PER_ADDRESS: '1000000', LIVE_REQUESTS_PER_MINUTE: '1000000', CUSTOMER_GRACE_MS: '600000' };

/** The same store with every write committed on its own (the baseline). */
const passThrough = (store: Store): Store =>
  new Proxy(store, {
    get: (t, prop) => {
      if (prop === 'transaction') return <T>(fn: () => Promise<T>) => fn();
      const value = Reflect.get(t, prop, t);
      // Private fields need the real store as `this`.
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });

type Times = { create: number[]; accept: number[]; close: number[] };
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const add = (into: Times, from: Times) => (['create', 'accept', 'close'] as const).forEach((op) => into[op].push(...from[op]));

async function cycles(store: Store): Promise<Times> {
  const srv = await startTestServer(ENV, store);
  const rep = await TestClient.open(srv.url, await login(srv.url), CONSOLE_ORIGIN);
  const times: Times = { create: [], accept: [], close: [] };
  try {
    for (let i = 0; i < CYCLES + WARMUP; i++) {
      let t = performance.now();
      const { session } = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: `C${i}` } })).body;
      const create = performance.now() - t;
      t = performance.now();
      const accepted = await rep.request({ type: 'session.accept', id: `a${i}`, sessionId: session.id });
      const accept = performance.now() - t;
      t = performance.now();
      const closed = await rep.request({ type: 'session.end', id: `e${i}`, sessionId: session.id, mode: 'close' });
      const close = performance.now() - t;
      if (accepted.type !== 'reply' || closed.type !== 'reply') throw new Error(`cycle ${i} failed: ${JSON.stringify([accepted, closed])}`);
      rep.received.splice(0);
      if (i >= WARMUP) {
        times.create.push(create);
        times.accept.push(accept);
        times.close.push(close);
      }
    }
  } finally {
    rep.close();
    await srv.close();
  }
  return times;
}

const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(2)} ms  p99 ${pct(xs, 99).toFixed(2)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'rs-bench-transitions-'));
const cluster = await startPgCluster({ durable: true });
try {
  const backends: [string, (n: number) => Promise<Store>][] = [
    ['SQLite :memory:', async () => new SqliteStore(':memory:')],
    ['SQLite file (WAL)', async (n) => new SqliteStore(join(dir, `bench-${n}.sqlite`))],
    ['PostgreSQL (unix socket, fsync on)', async () => PgStore.open(await cluster.freshDatabase())],
  ];
  let n = 0;
  for (const [name, open] of backends) {
    // Alternating rounds, pooled: a shared machine's load spreads over both.
    const base: Times = { create: [], accept: [], close: [] };
    const atomic: Times = { create: [], accept: [], close: [] };
    for (let round = 0; round < ROUNDS; round++) {
      add(base, await cycles(passThrough(await open(n++))));
      add(atomic, await cycles(await open(n++)));
    }
    for (const op of ['create', 'accept', 'close'] as const) {
      const ratio = pct(atomic[op], 50) / pct(base[op], 50);
      console.log(`${name.padEnd(36)} ${op.padEnd(6)}  one transaction: ${fmt(atomic[op])}   writes one by one (baseline): ${fmt(base[op])}   p50 ratio ${ratio.toFixed(2)}x`);
    }
  }
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
// peer's internal expiry timers are not reachable from outside and keep the loop alive.
process.exit(0);
