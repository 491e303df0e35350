import { expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite.ts';
import { ensureAdmin } from './admin.ts';

it('creates the first admin once when several nodes start on one empty database at the same moment', async () => {
  const store = new SqliteStore(':memory:');
  const outcomes = await Promise.all([ensureAdmin(store, 'admin', 'pw-one'), ensureAdmin(store, 'admin', 'pw-two')]);
  expect(outcomes.filter((o) => o.created)).toHaveLength(1);
  expect(await store.countReps()).toBe(1);
  await store.close();
});
