import { expect, it } from 'vitest';
import type { SessionRecord, Store } from './store.ts';
import { workflowStoreContract } from './workflow-contract.ts';

const session = (id: string, over: Partial<SessionRecord> = {}): SessionRecord => ({
  id,
  state: 'queued',
  customerName: 'Ada',
  customerTokenHash: `hash-${id}`,
  repId: null,
  createdAt: 1,
  queuedAt: 1,
  acceptedAt: null,
  endedAt: null,
  endReason: null,
  ...over,
});

/** The behaviour every Store must have; each backend runs it against a fresh store. */
export function storeContract(fresh: () => Promise<Store>): void {
  const rep = { id: 'rep-1', username: 'ada', displayName: 'Ada L', role: 'rep' as const, passwordHash: 'h', createdAt: 1 };

  it('stores representatives and finds them by unexpired token only', async () => {
    const store = await fresh();
    await store.createRep(rep);
    expect(await store.countReps()).toBe(1);
    expect((await store.repByUsername('ada'))?.displayName).toBe('Ada L');
    await store.createRepToken('t1', rep.id, 1000);
    expect((await store.repByToken('t1', 999))?.id).toBe(rep.id);
    expect(await store.repByToken('t1', 1000)).toBeNull();
    await store.deleteRepToken('t1');
    expect(await store.repByToken('t1', 0)).toBeNull();
    await expect(store.createRep({ ...rep, id: 'rep-2' })).rejects.toThrow();
  });

  it('transitions a session only from the expected state', async () => {
    const store = await fresh();
    await store.createRep(rep);
    await store.createSession(session('s1'));
    const first = await store.transitionSession('s1', 'queued', { state: 'active', repId: rep.id, acceptedAt: 5 });
    expect(first).toMatchObject({ state: 'active', repId: rep.id, acceptedAt: 5 });
    expect(await store.transitionSession('s1', 'queued', { state: 'active' })).toBeNull();
    expect((await store.activeSessionsOfRep(rep.id)).map((s) => s.id)).toEqual(['s1']);
    expect((await store.sessionByCustomerToken('hash-s1'))?.id).toBe('s1');
  });

  it('lists the queue oldest first, and recent sessions newest first', async () => {
    const store = await fresh();
    await store.createSession(session('b', { queuedAt: 20, createdAt: 20 }));
    await store.createSession(session('a', { queuedAt: 10, createdAt: 10 }));
    await store.createSession(session('c', { queuedAt: 5, createdAt: 5, state: 'closed' }));
    expect((await store.sessionsInState('queued')).map((s) => s.id)).toEqual(['a', 'b']);
    expect((await store.recentSessions(2)).map((s) => s.id)).toEqual(['b', 'a']);
  });

  it('numbers transcript lines per session, in order', async () => {
    const store = await fresh();
    await store.createSession(session('s1'));
    await store.createSession(session('s2'));
    const line = (id: string, sessionId: string) => ({ id, sessionId, author: 'customer' as const, authorName: 'Ada', text: id, at: 1 });
    const appended = await Promise.all([store.appendMessage(line('m1', 's1')), store.appendMessage(line('m2', 's1')), store.appendMessage(line('m3', 's2'))]);
    expect(appended.map((m) => m.seq)).toEqual([1, 2, 1]);
    expect((await store.messages('s1')).map((m) => m.text)).toEqual(['m1', 'm2']);
  });

  it('keeps a peer id per session side and replaces only its token', async () => {
    const store = await fresh();
    await store.createSession(session('s1'));
    const first = await store.issuePeer({ peerId: 'p1', sessionId: 's1', side: 'customer', tokenHash: 'a', createdAt: 1 });
    const second = await store.issuePeer({ peerId: 'p2', sessionId: 's1', side: 'customer', tokenHash: 'b', createdAt: 2 });
    expect([first.peerId, second.peerId, second.tokenHash]).toEqual(['p1', 'p1', 'b']);
    expect((await store.peer('p1'))?.tokenHash).toBe('b');
    expect(await store.peer('p2')).toBeNull();
    expect(await store.peerOfSession('s1', 'rep')).toBeNull();
  });

  it('keeps an audit log of session events', async () => {
    const store = await fresh();
    await store.createSession(session('s1'));
    await store.appendEvent('s1', 'queued', 1, { a: 1 });
    await store.appendEvent('s1', 'closed', 2, { reason: 'x' });
    expect(await store.events('s1')).toEqual([
      { kind: 'queued', at: 1, data: { a: 1 } },
      { kind: 'closed', at: 2, data: { reason: 'x' } },
    ]);
  });

  workflowStoreContract(fresh);
}
