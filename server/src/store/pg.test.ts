import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PgStore } from './pg.ts';
import { startPgCluster, type PgCluster } from './pg-testing.ts';
import { storeContract } from './contract.ts';
import type { Store } from './store.ts';

describe('PgStore (a real PostgreSQL server)', () => {
  let cluster: PgCluster;
  const open: Store[] = [];
  beforeAll(async () => {
    cluster = await startPgCluster();
  }, 60_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await cluster?.stop();
  });
  const fresh = async () => {
    const store = await PgStore.open(await cluster.freshDatabase());
    open.push(store);
    return store;
  };

  storeContract(fresh);

  it('migrates once when two servers start together, and keeps data across reopening', async () => {
    const url = await cluster.freshDatabase();
    const [a, b] = await Promise.all([PgStore.open(url), PgStore.open(url)]);
    open.push(a, b);
    await a.createRep({ id: 'r', username: 'u', displayName: 'U', role: 'admin', passwordHash: 'h', createdAt: 1 });
    expect((await b.repByUsername('u'))?.role).toBe('admin');
  });

  it('fails with a clear message when the server cannot be reached', async () => {
    await expect(PgStore.open('postgresql://postgres:secret@/nowhere?host=/nonexistent-dir', { connectTimeoutMs: 2000 })).rejects.toThrow(
      /PostgreSQL at postgresql:\/\/postgres:\*\*\*@.* is unreachable/,
    );
  });
});
