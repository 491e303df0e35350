import { expect, it } from 'vitest';
import type { SessionRecord, Store } from './store.ts';
import type { FileTransferRecord } from './files-store.ts';

const session = (id: string): SessionRecord => ({
  id, state: 'active', customerName: 'Ada', customerTokenHash: `hash-${id}`, repId: null,
  createdAt: 1, queuedAt: 1, acceptedAt: 2, endedAt: null, endReason: null,
});

const transfer = (id: string, sessionId: string, over: Partial<FileTransferRecord> = {}): FileTransferRecord => ({
  id, sessionId, from: 'customer', senderName: 'Ada', name: 'log.txt', size: 100, sha256: 'a'.repeat(64),
  state: 'offered', route: null, relayReady: false, by: 'customer', at: 10, error: null,
  relaySeq: 0, relayBytes: 0, relaySent: 0, createdAt: 10, ...over,
});

const hex = (n: number) => n.toString(16).padStart(32, '0');

/** `store.files`: transfers with conditional state changes, and the relay's counts checked and kept atomically. */
export function filesStoreContract(fresh: () => Promise<Store>): void {
  it('keeps transfers per session, refuses a taken id, and changes state only from the expected one', async () => {
    const store = await fresh();
    await store.createSession(session('f1'));
    await store.createSession(session('f2'));
    expect(await store.files.createTransfer(transfer(hex(1), 'f1'))).toBe(true);
    expect(await store.files.createTransfer(transfer(hex(2), 'f1', { createdAt: 11, from: 'rep', by: 'rep' }))).toBe(true);
    // The id is taken in any session (relay files are named by it).
    expect(await store.files.createTransfer(transfer(hex(1), 'f2'))).toBe(false);
    expect((await store.files.transfersOfSession('f1')).map((t) => [t.id, t.from])).toEqual([[hex(1), 'customer'], [hex(2), 'rep']]);
    expect(await store.files.transfersOfSession('f2')).toEqual([]);

    const accepted = await store.files.updateTransfer(hex(1), ['offered'], { state: 'accepted', by: 'rep', at: 12 });
    expect(accepted).toMatchObject({ state: 'accepted', by: 'rep', at: 12, relayReady: false, route: null });
    // A second answer finds it no longer offered.
    expect(await store.files.updateTransfer(hex(1), ['offered'], { state: 'declined' })).toBeNull();
    const done = await store.files.updateTransfer(hex(1), ['offered', 'accepted'], { state: 'failed', by: 'system', error: 'gone', route: 'relay', relayReady: true });
    expect(done).toMatchObject({ state: 'failed', by: 'system', error: 'gone', route: 'relay', relayReady: true, sessionId: 'f1', size: 100, sha256: 'a'.repeat(64) });
    expect(await store.files.transfer(hex(9))).toBeNull();
  });

  it('counts relay chunks in order and within the session and total quotas, atomically', async () => {
    const store = await fresh();
    for (const id of ['g1', 'g2']) await store.createSession(session(id));
    await store.files.createTransfer(transfer(hex(11), 'g1', { state: 'accepted' }));
    await store.files.createTransfer(transfer(hex(12), 'g1', { state: 'accepted', createdAt: 11 }));
    await store.files.createTransfer(transfer(hex(13), 'g2', { state: 'accepted' }));
    const quota = { perSession: 100, total: 150 };
    expect(await store.files.countRelayChunk(hex(11), 0, 40, quota)).toEqual({ stored: 40 });
    // A chunk out of order, or the same one twice at once: one wins.
    expect(await store.files.countRelayChunk(hex(11), 0, 40, quota)).toEqual({ refused: 'moved' });
    const racing = await Promise.all([store.files.countRelayChunk(hex(11), 1, 20, quota), store.files.countRelayChunk(hex(11), 1, 20, quota)]);
    expect(racing.filter((r) => 'stored' in r)).toEqual([{ stored: 60 }]);
    // The session has sent 60 of its 100.
    expect(await store.files.countRelayChunk(hex(12), 0, 50, quota)).toEqual({ refused: 'session_quota' });
    expect(await store.files.countRelayChunk(hex(12), 0, 40, quota)).toEqual({ stored: 40 });
    // 100 held of the 150 over all sessions.
    expect(await store.files.countRelayChunk(hex(13), 0, 60, quota)).toEqual({ refused: 'total_quota' });
    await store.files.releaseRelay(hex(11));
    expect(await store.files.countRelayChunk(hex(13), 0, 60, quota)).toEqual({ stored: 60 });
    expect(await store.files.transfer(hex(11))).toMatchObject({ relaySeq: 2, relayBytes: 0, relaySent: 60 });
    // Released bytes stay counted against their session's lifetime quota.
    await store.files.createTransfer(transfer(hex(14), 'g1', { state: 'accepted', createdAt: 12 }));
    expect(await store.files.countRelayChunk(hex(14), 0, 1, quota)).toEqual({ refused: 'session_quota' });
    expect(await store.files.countRelayChunk(hex(99), 0, 1, quota)).toEqual({ refused: 'moved' });
  });
}

/** `store.files.relayLock`: one holder per transfer at a time, other transfers run freely. */
export function relayLockContract(fresh: () => Promise<Store>): void {
  it('runs one holder of a transfer’s relay lock at a time', async () => {
    const store = await fresh();
    const log: string[] = [];
    const hold = (id: string, name: string) =>
      store.files.relayLock(id, async (files) => {
        // The store handed in works meanwhile (on PostgreSQL: the lock's own connection).
        expect(await files.transfer(id)).toBeNull();
        log.push(`${name}+`);
        await new Promise((r) => setTimeout(r, 20));
        log.push(`${name}-`);
        return name;
      });
    expect(await Promise.all([hold(hex(1), 'a'), hold(hex(1), 'b')])).toEqual(['a', 'b']);
    const pairs = [log.indexOf('a+'), log.indexOf('a-'), log.indexOf('b+'), log.indexOf('b-')];
    // Whichever went first ended before the other began.
    expect(pairs[1]! < pairs[2]! || pairs[3]! < pairs[0]!).toBe(true);
  });
}
