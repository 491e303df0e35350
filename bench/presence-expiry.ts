/**
 * How long a killed node's connections keep counting (`node bench/presence-expiry.ts`):
 * node A in this process and node B as its own process on one PostgreSQL and
 * one Redis; a representative and a customer connect to B; B gets SIGKILL;
 * the time until A no longer lists the representative as online and until the
 * customer's absence deadline is in the store (their grace has started).
 * `BENCH_ROUNDS` rounds (3), with the default PRESENCE_TTL_MS and
 * CLUSTER_SWEEP_MS unless set. Needs the Debian `postgresql` and `redis-server` packages.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { CreateSessionResponse } from '@rs/protocol';
import { loadConfig } from '../server/src/config.ts';
import { startServer } from '../server/src/app.ts';
import { ensureAdmin } from '../server/src/auth/admin.ts';
import { PgStore } from '../server/src/store/pg.ts';
import { startPgCluster } from '../server/src/store/pg-testing.ts';
import { startRedis } from '../server/src/cluster/redis-testing.ts';
import { ADMIN_PASSWORD, api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, TestClient } from '../server/src/testing.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const clusterEnv = { PRESENCE_TTL_MS: process.env.PRESENCE_TTL_MS ?? '5000', CLUSTER_SWEEP_MS: process.env.CLUSTER_SWEEP_MS ?? '1000' };
const pg = await startPgCluster();
const redis = await startRedis();
const until = async (check: () => Promise<boolean>) => {
  while (!(await check())) await new Promise((r) => setTimeout(r, 10));
};

async function round(): Promise<{ repMs: number; customerMs: number }> {
  const db = await pg.freshDatabase();
  const store = await PgStore.open(db);
  await ensureAdmin(store, 'admin', ADMIN_PASSWORD);
  const env = { CUSTOMER_GRACE_MS: '600000', REDIS_URL: redis.url, ...clusterEnv };
  const a = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', ...env }), store);
  const dataDir = mkdtempSync(join(tmpdir(), 'rs-bench-node-'));
  const child = spawn(process.execPath, ['server/src/main.ts'], {
    cwd: fileURLToPath(new URL('../', import.meta.url)),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD, DATABASE_URL: db, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await until(async () => /listening on http/.test(out));
  const bUrl = /listening on (http:\/\/\S+)/.exec(out)![1]!;
  const token = await login(a.url);
  await TestClient.open(bUrl, await login(bUrl), CONSOLE_ORIGIN);
  const { body } = await api<CreateSessionResponse>(a.url, '/api/sessions', { body: { customerName: 'Bench' } });
  await TestClient.open(bUrl, body.customerToken, CUSTOMER_ORIGIN);
  const repOnline = async () => (await api<{ reps: { online: boolean }[] }>(a.url, '/api/directory', { token })).body.reps.some((r) => r.online);
  await until(async () => (await repOnline()) && (await store.absences.deadline(body.session.id)) === null);
  const exited = new Promise((r) => child.once('exit', r));
  const t0 = performance.now();
  child.kill('SIGKILL');
  let repMs = NaN;
  let customerMs = NaN;
  await until(async () => {
    if (Number.isNaN(repMs) && !(await repOnline())) repMs = performance.now() - t0;
    if (Number.isNaN(customerMs) && (await store.absences.deadline(body.session.id)) !== null) customerMs = performance.now() - t0;
    return !Number.isNaN(repMs) && !Number.isNaN(customerMs);
  });
  await exited;
  await a.close();
  rmSync(dataDir, { recursive: true, force: true });
  return { repMs, customerMs };
}

try {
  console.log(`PRESENCE_TTL_MS ${clusterEnv.PRESENCE_TTL_MS}, CLUSTER_SWEEP_MS ${clusterEnv.CLUSTER_SWEEP_MS}`);
  for (let i = 0; i < ROUNDS; i++) {
    const { repMs, customerMs } = await round();
    console.log(`round ${i + 1}: SIGKILL -> rep offline ${repMs.toFixed(0)} ms, customer's grace started ${customerMs.toFixed(0)} ms`);
  }
} finally {
  await redis.stop();
  await pg.stop();
}
process.exit(0);
