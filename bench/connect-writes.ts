/**
 * The store's part of admitting customers (`node bench/connect-writes.ts`): the three writes a connecting
 * customer makes outside a transaction (the peer id issued, the absence cleared when the live socket opens,
 * the PeerJS socket's node), `BENCH_CONCURRENCY` (8) customers connecting in the same event-loop turn, on
 * SQLite on a file (WAL, synchronous=NORMAL, as the server runs it). Product: those writes as the store
 * makes them (one group commit per turn). Baseline in the same run: the same writes each committed on its
 * own (each in its own transaction, which is what an autocommit statement was), alternating
 * `BENCH_ROUNDS` (6) rounds of `BENCH_CUSTOMERS` (2000) customers. CPU µs and wall µs per customer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteStore } from '../server/src/store/sqlite.ts';
import { ratio } from './table.ts';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const dir = mkdtempSync(join(tmpdir(), 'rs-connect-writes-'));
const store = new SqliteStore(join(dir, 'remote-support.sqlite'));
let next = 0;

/** `CUSTOMERS` customers, `CONCURRENCY` per turn, each turn's writes started together; µs of CPU and wall per customer. */
async function run(ownCommit: boolean): Promise<{ cpu: number; wall: number }> {
  const first = next;
  next += CUSTOMERS;
  for (let i = first; i < next; i++) {
    await store.createSession({ id: `s${i}`, state: 'queued', customerName: 'Bench', customerTokenHash: `h${i}`, repId: null, createdAt: i, queuedAt: i, acceptedAt: null, endedAt: null, endReason: null, siteId: null, recordingAllowed: null });
    await store.absences.set(`s${i}`, i + 60_000);
  }
  const write = <T>(fn: () => Promise<T>) => (ownCommit ? store.transaction(fn) : fn());
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let at = first; at < next; at += CONCURRENCY) {
    const ids = Array.from({ length: Math.min(CONCURRENCY, next - at) }, (_, k) => at + k);
    await Promise.all(ids.map((i) => write(() => store.issuePeer({ peerId: `p${i}`, sessionId: `s${i}`, side: 'customer', repId: null, tokenHash: `t${i}`, repTokenHash: null, createdAt: i }))));
    await Promise.all(ids.map((i) => write(() => store.absences.clear(`s${i}`))));
    await Promise.all(ids.map((i) => write(() => store.setPeerNode(`p${i}`, 'node-a'))));
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { cpu: (cpu.user + cpu.system) / CUSTOMERS, wall: (wall * 1000) / CUSTOMERS };
}

try {
  const grouped: { cpu: number; wall: number }[] = [];
  const separate: { cpu: number; wall: number }[] = [];
  await run(false); // warm-up
  for (let r = 0; r < ROUNDS; r++) (r % 2 ? separate : grouped).push(await run(r % 2 === 1));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const g = { cpu: median(grouped.map((x) => x.cpu)), wall: median(grouped.map((x) => x.wall)) };
  const s = { cpu: median(separate.map((x) => x.cpu)), wall: median(separate.map((x) => x.wall)) };
  const load = (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`connect writes (peer id, absence cleared, PeerJS node), ${CONCURRENCY} customers per turn, SQLite file, load ${load}`);
  console.log(`  grouped per turn (product): ${g.cpu.toFixed(0)} µs CPU, ${g.wall.toFixed(0)} µs wall per customer`);
  console.log(`  one commit each (before):   ${s.cpu.toFixed(0)} µs CPU, ${s.wall.toFixed(0)} µs wall per customer`);
  console.log(`  product / before: CPU ${ratio(g.cpu, s.cpu)}, wall ${ratio(g.wall, s.wall)}`);
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
