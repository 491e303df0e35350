/**
 * Consent bound to the representative, two figures:
 * - Start with the restart fail-safe: a SQLite file with N active sessions,
 *   each with control granted and the helper connected (what a kill -9
 *   leaves), started, against the same file started again (nothing left to
 *   revoke: the fail-safe's reads only).
 * - A transfer of a shared, elevated session: the transfer's reply, against
 *   the customer holding every revocation (permissions, share stopped,
 *   elevation ended), which follows the session.changed event.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CreateSessionResponse } from '@rs/protocol';
import { loadConfig } from '../server/src/config.ts';
import { startServer } from '../server/src/app.ts';
import { SqliteStore } from '../server/src/store/sqlite.ts';
import { ensureAdmin } from '../server/src/auth/admin.ts';
import { addRep, ADMIN_PASSWORD, api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient } from '../server/src/testing.ts';

const N = Number(process.env.BENCH_SESSIONS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function startTime(file: string): Promise<number> {
  const store = new SqliteStore(file);
  const t0 = performance.now();
  const srv = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATABASE_FILE: file, CUSTOMER_GRACE_MS: '600000' }), store);
  const ms = performance.now() - t0;
  await srv.close();
  return ms;
}

const dir = mkdtempSync(join(tmpdir(), 'rs-bench-consent-'));
const file = join(dir, 'db.sqlite');
{
  const store = new SqliteStore(file);
  await ensureAdmin(store, 'admin', ADMIN_PASSWORD);
  const rep = (await store.repByUsername('admin'))!;
  await store.transaction(async () => {
    for (let i = 0; i < N; i++) {
      const id = `s${i}`;
      await store.createSession({ id, state: 'active', customerName: `C${i}`, customerTokenHash: `h${i}`, repId: rep.id, createdAt: 1, queuedAt: 1, acceptedAt: 2, endedAt: null, endReason: null });
      for (const kind of ['view', 'control'] as const) await store.setPermission({ sessionId: id, kind, state: 'granted', by: 'customer', at: 3, repId: rep.id, repName: rep.displayName });
      await store.consent.setElevation({ sessionId: id, state: 'connected', repId: rep.id, repName: rep.displayName, since: 3, at: 4 }, null);
    }
  });
  await store.close();
}
const revoking = await startTime(file);
const nothingLeft = await startTime(file);
rmSync(dir, { recursive: true, force: true });
console.log(`start with ${N} active sessions, control granted and helper connected: ${revoking.toFixed(0)} ms (every grant revoked); again, nothing to revoke: ${nothingLeft.toFixed(0)} ms`);

// Each round is several live requests per party: past the default budget they would be refused.
const srv = await startTestServer({ CUSTOMER_GRACE_MS: '600000', LIVE_REQUESTS_PER_MINUTE: '1000000' });
await addRep(srv.store, 'bob', 'bob-password-1', 'Bob');
const bobId = (await srv.store.repByUsername('bob'))!.id;
const adminId = (await srv.store.repByUsername('admin'))!.id;
const reps = { [adminId]: await TestClient.open(srv.url, await login(srv.url), CONSOLE_ORIGIN), [bobId]: await TestClient.open(srv.url, await login(srv.url, 'bob', 'bob-password-1'), CONSOLE_ORIGIN) };
const { session, customerToken } = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Ada' } })).body;
const sessionId = session.id;
const customer = await TestClient.open(srv.url, customerToken, CUSTOMER_ORIGIN);
await reps[adminId]!.request({ type: 'session.accept', id: 'a', sessionId });
const replies: number[] = [];
const revoked: number[] = [];
let holder = adminId;
for (let k = 0; k < ROUNDS; k++) {
  const rep = reps[holder]!;
  const steps = [
    () => rep.request({ type: 'permission.request', id: `v${k}`, sessionId, permission: 'view' }),
    () => customer.request({ type: 'permission.answer', id: `va${k}`, sessionId, permission: 'view', allow: true }),
    () => rep.request({ type: 'elevate.request', id: `e${k}`, sessionId }),
    () => customer.request({ type: 'elevate.answer', id: `ea${k}`, sessionId, allow: true }),
    () => customer.request({ type: 'elevate.report', id: `er${k}`, sessionId, host: 'connected' }),
  ];
  for (const step of steps) {
    const answer = await step();
    if (answer.type !== 'reply') throw new Error(`round ${k}: ${JSON.stringify(answer)}`);
  }
  customer.received.length = 0;
  const next = holder === adminId ? bobId : adminId;
  const t0 = performance.now();
  const told = Promise.all([customer.next('share', (m) => m.reason === 'rep_changed'), customer.next('elevation', (m) => m.state === 'revoked')]);
  await rep.request({ type: 'session.transfer', id: `t${k}`, sessionId, to: { kind: 'rep', repId: next } });
  replies.push(performance.now() - t0);
  await told;
  revoked.push(performance.now() - t0);
  holder = next;
}
console.log(`transfer of a shared, elevated session (${ROUNDS} rounds): reply p50 ${pct(replies, 50).toFixed(2)} ms p99 ${pct(replies, 99).toFixed(2)} ms; customer holds every revocation p50 ${pct(revoked, 50).toFixed(2)} ms p99 ${pct(revoked, 99).toFixed(2)} ms`);
for (const c of [customer, ...Object.values(reps)]) c.close();
await srv.close();
// Sockets' and timers' leftovers would keep the process alive after the figures are printed.
process.exit(0);
