/**
 * Chat relay latency by storage backend, in one run: a customer's `chat.send`
 * until the representative's socket has the `chat` notice (the line is stored
 * before it is relayed), with the server on SQLite in memory (the baseline of
 * `npm run bench`), SQLite on a file (the default deployment: WAL, synced) and
 * PostgreSQL (a throwaway local cluster over its unix socket, fsync on).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '../server/src/testing.ts';
import { SqliteStore } from '../server/src/store/sqlite.ts';
import { PgStore } from '../server/src/store/pg.ts';
import { startPgCluster } from '../server/src/store/pg-testing.ts';
import { chatRelay, pct, row } from './chat-relay.ts';

const dir = mkdtempSync(join(tmpdir(), 'rs-bench-store-'));
const cluster = await startPgCluster({ durable: true });
try {
  const memory = await chatRelay(await startTestServer({}, new SqliteStore(':memory:')));
  const file = await chatRelay(await startTestServer({}, new SqliteStore(join(dir, 'bench.sqlite'))));
  const postgres = await chatRelay(await startTestServer({}, await PgStore.open(await cluster.freshDatabase())));
  console.log(row('SQLite :memory: (baseline)', memory));
  console.log(row('SQLite file (WAL)', file));
  console.log(row('PostgreSQL (unix socket, fsync on)', postgres));
  const ratio = (xs: number[], base: number[]) => `p50 ${(pct(xs, 50) / pct(base, 50)).toFixed(2)}x   p99 ${(pct(xs, 99) / pct(base, 99)).toFixed(2)}x`;
  console.log(`ratio PostgreSQL/SQLite file:   ${ratio(postgres, file)}`);
  console.log(`ratio PostgreSQL/SQLite memory: ${ratio(postgres, memory)}`);
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
// peer's internal expiry timers are not reachable from outside and keep the loop alive.
process.exit(0);
