import { expect, it } from 'vitest';
import type { Store } from './store.ts';

const person = (id: string, role: 'rep' | 'admin', displayName: string) => ({ id, username: id, displayName, role, passwordHash: 'h', createdAt: 1 });

/** People administration's part of the Store contract (`store.people`). */
export function peopleStoreContract(fresh: () => Promise<Store>): void {
  it('lists every representative and disables one: their tokens stop working until enabled', async () => {
    const store = await fresh();
    await store.createRep(person('rep-b', 'rep', 'Bea'));
    await store.createRep(person('rep-a', 'admin', 'Ada'));
    expect((await store.people.people()).map((p) => [p.displayName, p.role, p.disabledAt])).toEqual([['Ada', 'admin', null], ['Bea', 'rep', null]]);
    await store.createRepToken('tok', 'rep-b', 1000);
    expect(await store.people.setDisabled('rep-b', 7)).toBe('ok');
    expect((await store.people.person('rep-b'))?.disabledAt).toBe(7);
    expect(await store.repByToken('tok', 1)).toBeNull();
    expect(await store.people.setDisabled('rep-b', null)).toBe('ok');
    expect((await store.repByToken('tok', 1))?.id).toBe('rep-b');
    expect(await store.people.setDisabled('nobody', 7)).toBe('not_found');
    expect(await store.people.person('nobody')).toBeNull();
  });

  it('never leaves the representatives without an enabled admin', async () => {
    const store = await fresh();
    await store.createRep(person('a1', 'admin', 'Ada'));
    await store.createRep(person('a2', 'admin', 'Alan'));
    expect(await store.people.setDisabled('a2', 5)).toBe('ok');
    // a2 is disabled, so a1 is the last enabled admin: it keeps both its role and its sign-in.
    expect(await store.people.setDisabled('a1', 5)).toBe('last_admin');
    expect(await store.people.setRole('a1', 'rep')).toBe('last_admin');
    expect(await store.people.setRole('a2', 'rep')).toBe('ok');
    expect(await store.people.setRole('a2', 'admin')).toBe('ok');
    expect(await store.people.setDisabled('a2', null)).toBe('ok');
    expect(await store.people.setRole('a1', 'rep')).toBe('ok');
    expect((await store.people.person('a1'))?.role).toBe('rep');
    expect(await store.people.setRole('nobody', 'rep')).toBe('not_found');
  });

  it('replaces a password hash, revokes every token of one rep, and removes team members', async () => {
    const store = await fresh();
    await store.createRep(person('r1', 'rep', 'Ria'));
    await store.createRep(person('r2', 'rep', 'Rob'));
    await store.createRepToken('t1', 'r1', 1000);
    await store.createRepToken('t2', 'r1', 1000);
    await store.createRepToken('t3', 'r2', 1000);
    expect(await store.people.setPasswordHash('r1', 'new-hash')).toBe(true);
    expect((await store.repById('r1'))?.passwordHash).toBe('new-hash');
    expect(await store.people.setPasswordHash('nobody', 'x')).toBe(false);
    expect(await store.people.revokeTokens('r1')).toBe(2);
    expect(await store.repByToken('t1', 1)).toBeNull();
    expect((await store.repByToken('t3', 1))?.id).toBe('r2');
    await store.workflow.createTeam({ id: 'team-1', name: 'Billing', createdAt: 1 });
    await store.workflow.addTeamMember('team-1', 'r1');
    await store.workflow.addTeamMember('team-1', 'r2');
    expect(await store.people.removeTeamMember('team-1', 'r1')).toBe(true);
    expect(await store.people.removeTeamMember('team-1', 'r1')).toBe(false);
    expect((await store.workflow.teams())[0]?.memberIds).toEqual(['r2']);
  });
}
