import { expect, it } from 'vitest';
import type { SessionRecord, Store } from './store.ts';

const rep = (id: string) => ({ id, username: id, displayName: id.toUpperCase(), role: 'rep' as const, passwordHash: 'h', createdAt: 1 });
const session = (id: string, createdAt: number, over: Partial<SessionRecord> = {}): SessionRecord => ({
  id, state: 'queued', customerName: `Customer ${id}`, customerTokenHash: `hash-${id}`, repId: null,
  createdAt, queuedAt: createdAt, acceptedAt: null, endedAt: null, endReason: null, ...over,
});

/** Least privilege's part of the Store contract (`store.access` and the reader filters of the session lists). */
export function accessStoreContract(fresh: () => Promise<Store>): void {
  it('records every representative a session was assigned to and every team it was routed to, and keeps them', async () => {
    const store = await fresh();
    for (const id of ['ann', 'ben', 'cat', 'dan', 'eve']) await store.createRep(rep(id));
    await store.workflow.createTeam({ id: 'net', name: 'Network', createdAt: 1 });
    await store.workflow.addTeamMember('net', 'cat');
    await store.createSession(session('s1', 10));
    // A keyed session waits in Dan's personal queue; Ann accepts, transfers to Ben, Ben holds it into the Network team, Eve takes it over.
    await store.workflow.setRoute({ sessionId: 's1', incident: 'INC-1', personalRepId: 'dan', teamId: null });
    await store.transitionSession('s1', 'queued', { state: 'active', repId: 'ann', acceptedAt: 11 });
    await store.transitionSession('s1', 'active', { repId: 'ben' });
    await store.transitionSession('s1', 'active', { state: 'held', repId: null, queuedAt: 12 });
    await store.workflow.setRoute({ sessionId: 's1', incident: 'INC-1', personalRepId: null, teamId: 'net' });
    await store.transitionSession('s1', 'held', { state: 'active', repId: 'eve', acceptedAt: 13 });
    expect(await store.access.readers('s1')).toEqual([
      { kind: 'rep', id: 'ann' }, { kind: 'rep', id: 'ben' }, { kind: 'rep', id: 'dan' }, { kind: 'rep', id: 'eve' }, { kind: 'team', id: 'net' },
    ]);
    for (const id of ['ann', 'ben', 'cat', 'dan', 'eve']) expect([id, await store.access.mayRead('s1', id)]).toEqual([id, true]);
    await store.createRep(rep('fay'));
    expect(await store.access.mayRead('s1', 'fay')).toBe(false);
    expect(await store.access.mayRead('nope', 'ann')).toBe(false);
    // A losing writer (the session is no longer queued) records nothing.
    expect(await store.transitionSession('s1', 'queued', { state: 'active', repId: 'fay' })).toBeNull();
    expect(await store.access.mayRead('s1', 'fay')).toBe(false);
    // Team membership counts as it is now.
    await store.workflow.addTeamMember('net', 'fay');
    expect(await store.access.mayRead('s1', 'fay')).toBe(true);
  });

  it('lists recent sessions and searches history among those a representative may read', async () => {
    const store = await fresh();
    for (const id of ['ann', 'ben', 'cat']) await store.createRep(rep(id));
    await store.workflow.createTeam({ id: 'net', name: 'Network', createdAt: 1 });
    await store.workflow.addTeamMember('net', 'cat');
    await store.createSession(session('a', 10, { state: 'closed', repId: 'ann', acceptedAt: 10, endedAt: 20, endReason: 'rep_closed' }));
    await store.createSession(session('b', 30));
    await store.workflow.setRoute({ sessionId: 'b', incident: 'INC-2', personalRepId: null, teamId: 'net' });
    await store.transitionSession('b', 'queued', { state: 'closed', repId: 'ben', endedAt: 40, endReason: 'rep_closed' });
    await store.createSession(session('c', 50));
    expect((await store.recentSessions(10)).map((s) => s.id)).toEqual(['c', 'b', 'a']);
    expect((await store.recentSessions(10, 'ann')).map((s) => s.id)).toEqual(['a']);
    expect((await store.recentSessions(10, 'ben')).map((s) => s.id)).toEqual(['b']);
    expect((await store.recentSessions(10, 'cat')).map((s) => s.id)).toEqual(['b']);
    expect(await store.workflow.searchHistory({ limit: 10 })).toEqual(['b', 'a']);
    expect(await store.workflow.searchHistory({ limit: 10, readerRepId: 'ann' })).toEqual(['a']);
    expect(await store.workflow.searchHistory({ limit: 10, readerRepId: 'cat', incident: 'INC-2' })).toEqual(['b']);
    expect(await store.workflow.searchHistory({ limit: 10, readerRepId: 'cat', incident: 'INC-1' })).toEqual([]);
  });
}
