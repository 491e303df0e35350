import { describe, expect, it } from 'vitest';
import { PgStore } from './pg.ts';
import { pgSuite } from './pg-suite.ts';
import { storeContract } from './contract.ts';

describe('PgStore (a real PostgreSQL server)', { timeout: 30_000 }, () => {
  const { cluster, later } = pgSuite();
  const fresh = async () => {
    const store = await PgStore.open(await cluster().freshDatabase());
    later(() => store.close());
    return store;
  };

  storeContract(fresh);

  it('migrates once when two servers start together, and keeps data across reopening', async () => {
    const url = await cluster().freshDatabase();
    const [a, b] = await Promise.all([PgStore.open(url), PgStore.open(url)]);
    later(() => Promise.all([a.close(), b.close()]));
    await a.createRep({ id: 'r', username: 'u', displayName: 'U', role: 'admin', passwordHash: 'h', createdAt: 1 });
    expect((await b.repByUsername('u'))?.role).toBe('admin');
  });

  it('fails with a clear message when the server cannot be reached', async () => {
    await expect(PgStore.open('postgresql://postgres:secret@/nowhere?host=/nonexistent-dir', { connectTimeoutMs: 2000 })).rejects.toThrow(
      /PostgreSQL at postgresql:\/\/postgres:\*\*\*@.* is unreachable/,
    );
  });
});
