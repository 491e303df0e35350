import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite.ts';
import { storeContract } from './contract.ts';

describe('SqliteStore', () => {
  storeContract(async () => new SqliteStore(':memory:'));

  const dir = mkdtempSync(join(tmpdir(), 'rs-store-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data in its file across reopening and migrates once', async () => {
    const file = join(dir, 'nested', 'db.sqlite');
    const a = new SqliteStore(file);
    await a.createRep({ id: 'r', username: 'u', displayName: 'U', role: 'admin', passwordHash: 'h', createdAt: 1 });
    await a.close();
    const b = new SqliteStore(file);
    expect((await b.repByUsername('u'))?.role).toBe('admin');
    await b.close();
  });
});
