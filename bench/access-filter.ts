/**
 * Least privilege's cost in the store: with N closed sessions (default
 * 20,000) served by 50 representatives, a third of them routed to one of five
 * teams, the history search and the session list narrowed to one
 * representative's sessions, against the same query for an admin (no filter),
 * and the per-request check (`access.mayRead`) against a plain session read.
 * SQLite in memory. Run: node bench/access-filter.ts [N]
 */
import { performance } from 'node:perf_hooks';
import { SqliteStore } from '../server/src/store/sqlite.ts';

const N = Number(process.argv[2] ?? 20_000);
const store = new SqliteStore(':memory:');
for (let r = 0; r < 50; r++) await store.createRep({ id: `r${r}`, username: `u${r}`, displayName: `R${r}`, role: 'rep', passwordHash: 'h', createdAt: 1 });
for (let t = 0; t < 5; t++) {
  await store.workflow.createTeam({ id: `t${t}`, name: `T${t}`, createdAt: 1 });
  for (let r = t * 10; r < t * 10 + 3; r++) await store.workflow.addTeamMember(`t${t}`, `r${r}`);
}
for (let i = 0; i < N; i++) {
  const id = `s${i}`;
  await store.createSession({ id, state: 'queued', customerName: `C${i}`, customerTokenHash: `h${i}`, repId: null, createdAt: i, queuedAt: i, acceptedAt: null, endedAt: null, endReason: null });
  if (i % 3 === 0) await store.workflow.setRoute({ sessionId: id, incident: `INC-${i}`, personalRepId: null, teamId: `t${i % 5}` });
  await store.transitionSession(id, 'queued', { state: 'closed', repId: `r${i % 50}`, endedAt: i + 1, endReason: 'rep_closed' });
}

async function time(label: string, fn: () => Promise<unknown>, n = 200): Promise<void> {
  for (let i = 0; i < 20; i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn();
  console.log(`${label.padEnd(52)} ${((performance.now() - t0) / n).toFixed(3)} ms`);
}

console.log(`${N} closed sessions, 50 representatives, 5 teams`);
await time('history search, 100 newest: admin (baseline)', () => store.workflow.searchHistory({ limit: 100 }));
await time('history search, 100 newest: a rep (no team)', () => store.workflow.searchHistory({ limit: 100, readerRepId: 'r7' }));
await time('history search, 100 newest: a rep (own + a team)', () => store.workflow.searchHistory({ limit: 100, readerRepId: 'r20' }));
await time('session list, 50 newest: admin (baseline)', () => store.recentSessions(50));
await time('session list, 50 newest: a rep', () => store.recentSessions(50, 'r7'));
await time('one session read (baseline)', () => store.session('s8'), 2_000);
await time('access.mayRead, allowed', () => store.access.mayRead('s7', 'r7'), 2_000);
await time('access.mayRead, refused', () => store.access.mayRead('s8', 'r7'), 2_000);
await store.close();
