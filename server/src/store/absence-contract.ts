import { expect, it } from 'vitest';
import type { Store } from './store.ts';

/** Absence deadlines' part of the Store contract (`store.absences`). */
export function absenceStoreContract(fresh: () => Promise<Store>): void {
  const open = (id: string) => ({
    id, state: 'active' as const, customerName: 'Ada', customerTokenHash: `h-${id}`, repId: null, createdAt: 1, queuedAt: 1,
    acceptedAt: null, endedAt: null, endReason: null, siteId: null, recordingAllowed: null,
  });

  it('keeps one deadline per session; due lists the expired ones; a claim succeeds once, and only for the deadline it names', async () => {
    const store = await fresh();
    await store.createSession(open('session-a1'));
    await store.createSession(open('session-b1'));
    await store.absences.set('session-a1', 100);
    await store.absences.set('session-a1', 150);
    await store.absences.set('session-b1', 500);
    expect(await store.absences.deadline('session-a1')).toBe(150);
    expect(await store.absences.due(200, 10)).toEqual([{ sessionId: 'session-a1', deadlineAt: 150 }]);
    expect(await store.absences.claim('session-a1', 100)).toBe(false);
    const claims = await Promise.all([store.absences.claim('session-a1', 150), store.absences.claim('session-a1', 150)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.absences.deadline('session-a1')).toBeNull();
    await store.absences.clear('session-b1');
    expect(await store.absences.due(10_000, 10)).toEqual([]);
  });
}
