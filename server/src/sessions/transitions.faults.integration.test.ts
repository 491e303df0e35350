import { afterEach, describe } from 'vitest';
import { SqliteStore } from '../store/sqlite.ts';
import { PgStore } from '../store/pg.ts';
import { pgSuite } from '../store/pg-suite.ts';
import { transitionFaultSuite } from './transition-faults.ts';

/** Every session transition, broken between any two of its writes, on both stores. */
describe('session transitions under injected store failures', { timeout: 60_000 }, () => {
  describe('on SQLite', () => {
    const cleanup: (() => unknown)[] = [];
    afterEach(async () => {
      for (const close of cleanup.splice(0).reverse()) await close();
    });
    transitionFaultSuite(async () => ({ store: new SqliteStore(':memory:'), later: (close) => void cleanup.push(close) }));
  });

  describe('on PostgreSQL', () => {
    const { cluster, later } = pgSuite();
    transitionFaultSuite(async () => ({ store: await PgStore.open(await cluster().freshDatabase()), later }));
  });
});
