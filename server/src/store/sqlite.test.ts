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
  it("commits the connect path's writes of one turn (peer ids, absences cleared, peer nodes) in one transaction, each failing alone", async () => {
    const file = join(dir, 'connect.sqlite');
    const store = new SqliteStore(file);
    const session = (id: string) => ({ id, state: 'queued' as const, customerName: 'Ada', customerTokenHash: `h-${id}`, repId: null, createdAt: 1, queuedAt: 1, acceptedAt: null, endedAt: null, endReason: null, siteId: null, recordingAllowed: null });
    const peer = (i: number) => ({ peerId: `p${i}`, sessionId: `s${i}`, side: 'customer' as const, repId: null, tokenHash: `t${i}`, repTokenHash: null, createdAt: 1 });
    for (let i = 0; i < 20; i++) {
      await store.createSession(session(`s${i}`));
      await store.absences.set(`s${i}`, 1000);
    }
    const exec = vi.spyOn(DatabaseSync.prototype, 'exec');
    try {
      // Twenty customers connecting in the same turn, and one peer for a session that does not exist.
      const writes = await Promise.allSettled([
        ...Array.from({ length: 20 }, (_, i) => store.issuePeer(peer(i))),
        ...Array.from({ length: 20 }, (_, i) => store.absences.clear(`s${i}`)),
        store.issuePeer({ ...peer(99), sessionId: 'no-such-session' }),
      ]);
      expect(exec.mock.calls.map(([sql]) => sql)).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
      expect(writes.slice(0, 40).every((w) => w.status === 'fulfilled')).toBe(true);
      expect(writes[40]!.status).toBe('rejected');
      await Promise.all(Array.from({ length: 20 }, (_, i) => store.setPeerNode(`p${i}`, 'node-a')));
      expect(exec.mock.calls.length).toBe(4);
    } finally {
      exec.mockRestore();
      await store.close();
    }
    // Committed: in the file after reopening.
    const again = new SqliteStore(file);
    expect(await again.peerNode('p19')).toBe('node-a');
    expect(await again.absences.deadline('s7')).toBe(null);
    expect(await again.peer('p99')).toBe(null);
    await again.close();
  });
});
