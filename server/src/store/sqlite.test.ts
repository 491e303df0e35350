import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it, vi } from 'vitest';
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

  it('commits the chat lines of one event-loop turn in one transaction, and resolves them after it', async () => {
    const store = new SqliteStore(join(dir, 'group.sqlite'));
    await store.createSession({ id: 's', state: 'active', customerName: 'Ada', customerTokenHash: 'h', repId: null, createdAt: 1, queuedAt: 1, acceptedAt: 1, endedAt: null, endReason: null, siteId: null, recordingAllowed: null });
    const exec = vi.spyOn(DatabaseSync.prototype, 'exec');
    try {
      const lines = await Promise.all(Array.from({ length: 50 }, (_, i) => store.appendMessage({ id: `m${i}`, sessionId: 's', author: 'customer', authorName: 'Ada', text: `line ${i}`, at: i })));
      expect(lines.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(exec.mock.calls.map(([sql]) => sql)).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
    } finally {
      exec.mockRestore();
      await store.close();
    }
  });
});
