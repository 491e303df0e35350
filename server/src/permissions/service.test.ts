import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite.ts';
import { Hub, type Connection } from '../live/hub.ts';
import type { ServerMessage } from '@rs/protocol';
import { Permissions } from './service.ts';

const REP = { id: 'rep-1', displayName: 'R' };

async function setup() {
  const store = new SqliteStore(':memory:');
  await store.createRep({ id: 'rep-1', username: 'r', displayName: 'R', role: 'rep', passwordHash: 'h', createdAt: 1 });
  await store.createSession({ id: 's1', state: 'active', customerName: 'C', customerTokenHash: 'x', repId: 'rep-1', createdAt: 1, queuedAt: 1, acceptedAt: 2, endedAt: null, endReason: null });
  const hub = new Hub();
  const seen: ServerMessage[] = [];
  const conn: Connection = { role: 'customer', repId: null, sessionId: 's1', tokenHash: 't', send: (m) => seen.push(m), close: () => {} };
  hub.add(conn);
  let now = 100;
  return { store, seen, permissions: new Permissions(store, hub, () => now++) };
}

describe('Permissions', () => {
  it('grants only what the customer allowed, and require() refuses everything else', async () => {
    const { permissions } = await setup();
    await expect(permissions.require('s1', 'view')).rejects.toMatchObject({ code: 'forbidden' });
    await permissions.ask('s1', 'view', REP);
    expect(await permissions.check('s1', 'view')).toBe(false);
    await permissions.answer('s1', 'view', true);
    await permissions.require('s1', 'view');
    await expect(permissions.ask('s1', 'view', REP)).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(permissions.answer('s1', 'files', true)).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('revokeAll takes back every grant and withdraws open questions, with who and when', async () => {
    const { permissions, seen, store } = await setup();
    await permissions.grant('s1', 'view', 'customer');
    await permissions.grant('s1', 'control', 'customer');
    await permissions.ask('s1', 'files', REP);
    expect(await permissions.revokeAll('s1', 'customer')).toEqual(['control', 'view']);
    expect(await permissions.list('s1')).toEqual([
      { kind: 'control', state: 'revoked', by: 'customer', at: expect.any(Number), repName: 'R' },
      { kind: 'files', state: 'refused', by: 'customer', at: expect.any(Number), repName: 'R' },
      { kind: 'view', state: 'revoked', by: 'customer', at: expect.any(Number), repName: 'R' },
    ]);
    expect(await permissions.revoke('s1', 'view', 'rep')).toBe(false);
    const last = seen.at(-1);
    expect(last?.type === 'permissions' && last.permissions.every((p) => p.state !== 'granted')).toBe(true);
    expect((await store.events('s1')).map((e) => e.kind)).toContain('permissions.revoked_all');
  });

  it('nothing is granted in a closed session', async () => {
    const { permissions, store } = await setup();
    await permissions.grant('s1', 'view', 'customer');
    await store.transitionSession('s1', 'active', { state: 'closed', endedAt: 5, endReason: 'rep_closed' });
    expect(await permissions.check('s1', 'view')).toBe(false);
  });
});
