import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '@rs/protocol';
import { Hub } from '../live/hub.ts';
import { PgStore } from '../store/pg.ts';
import { pgSuite } from '../store/pg-suite.ts';
import type { Store } from '../store/store.ts';
import { Elevation } from '../elevation/service.ts';
import { Permissions } from './service.ts';

/**
 * Every node handles every session change, so two nodes revoke the same
 * stale grants at the same moment on one PostgreSQL database: each grant is
 * revoked once, one audit event and one transcript line are written, and only
 * the node that wrote them tells the parties.
 */
describe('two nodes revoking the same stale consent', { timeout: 30_000 }, () => {
  const { cluster, later } = pgSuite();

  async function node(url: string) {
    const store = await PgStore.open(url);
    later(() => store.close());
    const hub = new Hub();
    const seen: ServerMessage[] = [];
    hub.add({ role: 'customer', repId: null, sessionId: 's1', tokenHash: 't', send: (m) => seen.push(m), close: () => {} });
    return { store, seen, permissions: new Permissions(store, hub), elevation: new Elevation(store, hub) };
  }

  async function sharedAndElevated(store: Store) {
    for (const [id, name] of [['ann', 'Ann'], ['bob', 'Bob']] as const)
      await store.createRep({ id, username: id, displayName: name, role: 'rep', passwordHash: 'h', createdAt: 1 });
    await store.createSession({ id: 's1', state: 'active', customerName: 'C', customerTokenHash: 'x', repId: 'ann', createdAt: 1, queuedAt: 1, acceptedAt: 2, endedAt: null, endReason: null });
  }

  it('revokes each grant and ends the elevation once, whichever node gets there first', async () => {
    const url = await cluster().freshDatabase();
    const [a, b] = [await node(url), await node(url)];
    await sharedAndElevated(a.store);
    const ann = (await a.store.repById('ann'))!;
    await a.permissions.ask('s1', 'view', ann);
    await a.permissions.answer('s1', 'view', true);
    await a.permissions.grant('s1', 'files', 'customer');
    await a.elevation.request(ann, 's1');
    await a.elevation.answer('s1', true);
    await a.elevation.report('s1', 'connected');
    // The session changes hands (a transfer to Bob); both nodes hear of it at once.
    await a.store.transitionSession('s1', 'active', { repId: 'bob' });
    expect(await b.permissions.check('s1', 'view')).toBe(false);
    const [seenA, seenB] = [a.seen.length, b.seen.length];
    await Promise.all([a.permissions.revokeStale('s1', 'ann'), b.permissions.revokeStale('s1', 'ann')]);
    await Promise.all(
      [a, b].map((n) =>
        n.elevation.endStale('s1', 'ann').catch((err: unknown) => {
          // The node that lost the race finds the row changed under it: nothing written, nothing told.
          expect(err).toMatchObject({ code: 'conflict' });
        }),
      ),
    );

    expect((await a.store.permissions('s1')).map((p) => [p.kind, p.state])).toEqual([['files', 'revoked'], ['view', 'revoked']]);
    expect((await a.store.events('s1')).filter((e) => e.kind === 'permissions.revoked_all')).toHaveLength(1);
    expect(await a.elevation.state('s1')).toBe('revoked');
    expect((await a.store.messages('s1')).filter((m) => m.text.includes('the session changed hands'))).toHaveLength(1);
    const told = [...a.seen.slice(seenA), ...b.seen.slice(seenB)];
    expect(told.filter((m) => m.type === 'permissions')).toHaveLength(1);
    expect(told.filter((m) => m.type === 'share')).toHaveLength(1);
    expect(told.filter((m) => m.type === 'elevation')).toHaveLength(1);
  });
});
