import { expect, it } from 'vitest';
import type { SessionRecord, Store } from './store.ts';
import type { ElevationRecord } from './consent-store.ts';

const session = (id: string): SessionRecord => ({
  id, state: 'active', customerName: 'C', customerTokenHash: `hash-${id}`, repId: null,
  createdAt: 1, queuedAt: 1, acceptedAt: 1, endedAt: null, endReason: null,
});

/** Consent's part of the Store contract (`store.consent`, and the representative each permission belongs to). */
export function consentStoreContract(fresh: () => Promise<Store>): void {
  it('keeps the representative of each permission, and changes one only if it is still as it was read', async () => {
    const store = await fresh();
    await store.createSession(session('s1'));
    const asked = { sessionId: 's1', kind: 'view' as const, state: 'asked' as const, by: 'rep' as const, at: 5, repId: 'ann', repName: 'Ann' };
    await store.setPermission(asked);
    expect(await store.permissions('s1')).toEqual([asked]);
    const granted = { ...asked, state: 'granted' as const, by: 'customer' as const, at: 6 };
    expect(await store.consent.updatePermission(granted, { state: 'asked', at: 5 })).toBe(true);
    // A second writer that read the question too loses: nothing changes.
    expect(await store.consent.updatePermission({ ...asked, state: 'refused', at: 7 }, { state: 'asked', at: 5 })).toBe(false);
    expect(await store.permissions('s1')).toEqual([granted]);
  });

  it('keeps one elevation per session, written only over the row a writer read', async () => {
    const store = await fresh();
    await store.createSession(session('s1'));
    await store.createSession(session('s2'));
    const requested: ElevationRecord = { sessionId: 's1', state: 'requested', repId: 'ann', repName: 'Ann', since: 10, at: 10 };
    expect(await store.consent.setElevation(requested, null)).toBe(true);
    expect(await store.consent.setElevation({ ...requested, repName: 'Other' }, null)).toBe(false);
    const connected = { ...requested, state: 'connected' as const, at: 12 };
    expect(await store.consent.setElevation(connected, { state: 'requested', at: 10 })).toBe(true);
    expect(await store.consent.setElevation({ ...requested, state: 'refused', at: 13 }, { state: 'requested', at: 10 })).toBe(false);
    expect(await store.consent.elevation('s1')).toEqual(connected);
    expect(await store.consent.elevation('s2')).toBeNull();
    await store.consent.setElevation({ ...requested, sessionId: 's2', state: 'revoked' }, null);
    expect(await store.consent.elevationsInStates(['allowed', 'installing', 'connected'])).toEqual([connected]);
    expect(await store.consent.elevationsInStates([])).toEqual([]);
  });
}
