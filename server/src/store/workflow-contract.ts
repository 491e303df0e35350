import { expect, it } from 'vitest';
import type { Delivery } from '@rs/protocol';
import type { SessionRecord, Store } from './store.ts';

const rep = { id: 'rep-1', username: 'ada', displayName: 'Ada L', role: 'rep' as const, passwordHash: 'h', createdAt: 1 };
const session = (id: string, over: Partial<SessionRecord> = {}): SessionRecord => ({
  id, state: 'closed', customerName: 'Grace', customerTokenHash: `hash-${id}`, repId: null,
  createdAt: 10, queuedAt: 10, acceptedAt: null, endedAt: 20, endReason: 'rep_closed', ...over,
});

/** The representative workflow's part of the Store contract (`store.workflow`). */
export function workflowStoreContract(fresh: () => Promise<Store>): void {
  it('keeps teams with their members, and a route per session', async () => {
    const store = await fresh();
    await store.createRep(rep);
    await store.workflow.createTeam({ id: 't1', name: 'General', createdAt: 1 });
    await store.workflow.addTeamMember('t1', rep.id);
    await store.workflow.addTeamMember('t1', rep.id);
    expect(await store.workflow.teams()).toEqual([{ id: 't1', name: 'General', memberIds: [rep.id] }]);
    await store.createSession(session('s1', { state: 'queued' }));
    await store.workflow.setRoute({ sessionId: 's1', incident: 'INC-1', personalRepId: rep.id, teamId: null });
    await store.workflow.setRoute({ sessionId: 's1', incident: 'INC-1', personalRepId: null, teamId: 't1' });
    expect(await store.workflow.route('s1')).toEqual({ sessionId: 's1', incident: 'INC-1', personalRepId: null, teamId: 't1' });
    expect(await store.workflow.route('nope')).toBeNull();
    expect(await store.workflow.routes(['s1', 'nope'])).toEqual([{ sessionId: 's1', incident: 'INC-1', personalRepId: null, teamId: 't1' }]);
    expect(await store.workflow.routes([])).toEqual([]);
  });

  it('uses a session key once', async () => {
    const store = await fresh();
    await store.createRep(rep);
    const key = { id: 'k1', codeHash: 'c', repId: rep.id, incident: 'INC-1', customerEmail: null, createdAt: 1, expiresAt: 100, usedAt: null, sessionId: null };
    await store.workflow.createKey(key);
    await store.workflow.createKey({ ...key, id: 'k2', createdAt: 2 });
    expect((await store.workflow.keyByCodeHash('c'))?.id).toBe('k2');
    expect(await store.workflow.useKey('k2', 5)).toBe(true);
    expect(await store.workflow.useKey('k2', 6)).toBe(false);
    expect((await store.workflow.keyById('k2'))?.usedAt).toBe(5);
  });

  it('searches closed sessions by incident, customer and date, newest first', async () => {
    const store = await fresh();
    await store.createSession(session('a', { endedAt: 30, createdAt: 25 }));
    await store.createSession(session('b', { customerName: '50% off', endedAt: 40, createdAt: 35 }));
    await store.createSession(session('c', { state: 'active', endedAt: null }));
    await store.workflow.setRoute({ sessionId: 'a', incident: 'INC-1001', personalRepId: null, teamId: null });
    expect(await store.workflow.searchHistory({ limit: 10 })).toEqual(['b', 'a']);
    expect(await store.workflow.searchHistory({ incident: '1001', limit: 10 })).toEqual(['a']);
    expect(await store.workflow.searchHistory({ customer: '%', limit: 10 })).toEqual(['b']);
    expect(await store.workflow.searchHistory({ from: 35, limit: 10 })).toEqual(['b']);
    expect(await store.workflow.searchHistory({ to: 30, limit: 10 })).toEqual(['a']);
  });

  it('keeps the journal, the delivery log and API tokens', async () => {
    const store = await fresh();
    await store.workflow.appendJournal({ id: 'j1', incident: 'INC-1', kind: 'email_sent', at: 1, text: 'sent', sessionId: null });
    expect((await store.workflow.journal('INC-1')).map((j) => j.text)).toEqual(['sent']);
    await store.workflow.createIntegration({ id: 'i1', name: 'SN', webhookUrl: 'http://x', secret: 's', createdAt: 1 });
    const d: Delivery = { id: 'd1', integrationId: 'i1', sessionId: 's1', status: 'pending', attempts: 0, lastStatus: null, lastError: null, nextAttemptAt: 5, deliveredAt: null, createdAt: 1 };
    await store.workflow.createDelivery(d);
    expect(await store.workflow.dueDeliveries(4, 10)).toEqual([]);
    expect((await store.workflow.dueDeliveries(5, 10)).map((x) => x.id)).toEqual(['d1']);
    // Two nodes claiming the same due attempt: one gets it, and it is not due again until the lease ends.
    const claims = await Promise.all([store.workflow.claimDelivery('d1', 5, 60), store.workflow.claimDelivery('d1', 5, 70)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.workflow.dueDeliveries(59, 10)).toEqual([]);
    expect(await store.workflow.claimDelivery('d1', 5, 80)).toBe(false);
    expect(await store.workflow.isSynced('s1')).toBe(false);
    await store.workflow.updateDelivery('d1', { status: 'delivered', attempts: 1, deliveredAt: 6 });
    expect(await store.workflow.isSynced('s1')).toBe(true);
    expect((await store.workflow.deliveries('i1', 10))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
    await store.workflow.createApiToken({ id: 't1', integrationId: 'i1', tokenHash: 'th', name: 'n', scopes: ['journal:read'], createdAt: 1, expiresAt: 9, revokedAt: null });
    expect((await store.workflow.apiTokenByHash('th'))?.scopes).toEqual(['journal:read']);
    expect(await store.workflow.revokeApiToken('i1', 't1', 3)).toBe(true);
    expect(await store.workflow.revokeApiToken('i1', 't1', 4)).toBe(false);
    expect((await store.workflow.apiTokens('i1'))[0]?.revokedAt).toBe(3);
  });
}
