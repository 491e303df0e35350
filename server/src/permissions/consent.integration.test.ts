import { describe, expect, it } from 'vitest';
import type { CreateSessionResponse, PermissionsResponse, PermissionView } from '@rs/protocol';
import { addRep, api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, type TestClient } from '../testing.ts';
import { useTestServer } from '../testing-hooks.ts';

/**
 * Consent belongs to the representative it was given to: after a hold and a
 * takeover, or a transfer, the next representative may do nothing until the
 * customer answers their own question, which names them.
 */
const t = useTestServer({ CUSTOMER_GRACE_MS: '60000' });
const stateOf = (list: PermissionView[], kind: string) => list.find((p) => p.kind === kind)?.state;

/** The admin (Administrator) serves a customer who shares the screen, allows files, and runs the helper with control on. */
async function sharedAndElevated() {
  await addRep(t.srv.store, 'bob', 'bob-password-1', 'Bob Kahn');
  const { session, customerToken } = (await api<CreateSessionResponse>(t.srv.url, '/api/sessions', { body: { customerName: 'Ada' } })).body;
  const sessionId = session.id;
  const customer = await t.open(customerToken, CUSTOMER_ORIGIN);
  const admin = await t.open(await login(t.srv.url), CONSOLE_ORIGIN);
  const bob = await t.open(await login(t.srv.url, 'bob', 'bob-password-1'), CONSOLE_ORIGIN);
  const bobId = (await t.srv.store.repByUsername('bob'))!.id;
  expect(await admin.request({ type: 'session.accept', id: 'a', sessionId })).toMatchObject({ type: 'reply' });
  for (const permission of ['view', 'files'] as const) {
    expect(await admin.request({ type: 'permission.request', id: `r-${permission}`, sessionId, permission })).toMatchObject({ type: 'reply' });
    expect(await customer.request({ type: 'permission.answer', id: `y-${permission}`, sessionId, permission, allow: true })).toMatchObject({ type: 'reply' });
  }
  expect(await customer.request({ type: 'share.started', id: 's', sessionId, surface: 'monitor' })).toMatchObject({ type: 'reply' });
  await admin.request({ type: 'elevate.request', id: 'e', sessionId });
  await customer.request({ type: 'elevate.answer', id: 'ea', sessionId, allow: true });
  await customer.request({ type: 'elevate.report', id: 'er', sessionId, host: 'connected' });
  expect(await admin.request({ type: 'permission.request', id: 'c', sessionId, permission: 'control' })).toMatchObject({ type: 'reply' });
  for (const kind of ['view', 'files', 'control'] as const) expect(await t.srv.permissions.check(sessionId, kind)).toBe(true);
  return { sessionId, customer, customerToken, admin, bob, bobId };
}

/** Every grant of the first representative is revoked, the customer's share stops, and the elevation grant ends. */
async function expectAllRevoked(sessionId: string, customer: TestClient, customerToken: string) {
  await customer.next('share', (m) => !m.sharing && m.reason === 'rep_changed');
  await customer.next('elevation', (m) => m.state === 'revoked');
  const { body } = await api<PermissionsResponse>(t.srv.url, `/api/sessions/${sessionId}/permissions`, { token: customerToken });
  expect(body.permissions.map((p) => [p.kind, p.state, p.by])).toEqual([
    ['control', 'revoked', 'system'],
    ['files', 'revoked', 'system'],
    ['view', 'revoked', 'system'],
  ]);
  expect((await t.srv.store.events(sessionId)).map((e) => e.kind)).toContain('permissions.revoked_all');
}

/** The new representative may do nothing until the customer answers their own question, which names them. */
async function expectAskedAgain(sessionId: string, customer: TestClient, rep: TestClient) {
  for (const kind of ['view', 'files', 'control'] as const) expect(await t.srv.permissions.check(sessionId, kind)).toBe(false);
  expect(await customer.request({ type: 'share.started', id: 's2', sessionId, surface: 'monitor' })).toMatchObject({ type: 'error', code: 'forbidden' });
  // Control is not granted at elevation: the helper was allowed for the one before.
  expect(await rep.request({ type: 'permission.request', id: 'c2', sessionId, permission: 'control' })).toMatchObject({ type: 'error', code: 'forbidden' });
  expect(await rep.request({ type: 'permission.request', id: 'v2', sessionId, permission: 'view' })).toMatchObject({ type: 'reply' });
  const asked = await customer.next('permissions', (m) => m.permissions.some((p) => p.kind === 'view' && p.state === 'asked' && p.repName !== 'Administrator'));
  expect(asked.permissions.find((p) => p.kind === 'view')).toMatchObject({ state: 'asked', repName: 'Bob Kahn' });
  expect(await t.srv.permissions.check(sessionId, 'view')).toBe(false);
  expect(await customer.request({ type: 'permission.answer', id: 'va2', sessionId, permission: 'view', allow: true })).toMatchObject({ type: 'reply' });
  expect(await t.srv.permissions.check(sessionId, 'view')).toBe(true);
  // Full control is asked again too, and the customer's prompt names the new representative.
  expect(await rep.request({ type: 'elevate.request', id: 'e2', sessionId })).toMatchObject({ type: 'reply' });
  expect(await customer.next('elevation', (m) => m.state === 'requested' && m.repName !== 'Administrator')).toMatchObject({ repName: 'Bob Kahn' });
}

describe('consent follows the representative', { timeout: 30_000 }, () => {
  it('hold and a takeover: the old grants are revoked and the new representative asks again', async () => {
    const { sessionId, customer, customerToken, admin, bob } = await sharedAndElevated();
    expect(await admin.request({ type: 'session.end', id: 'h', sessionId, mode: 'hold' })).toMatchObject({ type: 'reply' });
    await expectAllRevoked(sessionId, customer, customerToken);
    expect(await bob.request({ type: 'session.accept', id: 'b', sessionId })).toMatchObject({ type: 'reply' });
    await expectAskedAgain(sessionId, customer, bob);
  });

  it('transfer to a representative: the old grants are revoked and the new representative asks again', async () => {
    const { sessionId, customer, customerToken, admin, bob, bobId } = await sharedAndElevated();
    expect(await admin.request({ type: 'session.transfer', id: 'tr', sessionId, to: { kind: 'rep', repId: bobId } })).toMatchObject({ type: 'reply' });
    // No window: the moment the session is Bob's, nothing of the admin's grants holds.
    for (const kind of ['view', 'files', 'control'] as const) expect(await t.srv.permissions.check(sessionId, kind)).toBe(false);
    await expectAllRevoked(sessionId, customer, customerToken);
    await expectAskedAgain(sessionId, customer, bob);
  });

  it('transfer to a team: revoked at once, and even the same representative taking it back asks again', async () => {
    const { sessionId, customer, customerToken, admin } = await sharedAndElevated();
    const { body } = await api<{ teams: { id: string; name: string }[] }>(t.srv.url, '/api/directory', { token: await login(t.srv.url) });
    const general = body.teams.find((team) => team.name === 'General')!;
    expect(await admin.request({ type: 'session.transfer', id: 'tr', sessionId, to: { kind: 'team', teamId: general.id } })).toMatchObject({ type: 'reply' });
    await expectAllRevoked(sessionId, customer, customerToken);
    const revokedAt = Math.max(...(await t.srv.store.permissions(sessionId)).map((p) => p.at));
    expect(await admin.request({ type: 'session.accept', id: 'a2', sessionId })).toMatchObject({ type: 'reply' });
    for (const kind of ['view', 'files', 'control'] as const) expect(await t.srv.permissions.check(sessionId, kind)).toBe(false);
    expect(await admin.request({ type: 'permission.request', id: 'v2', sessionId, permission: 'view' })).toMatchObject({ type: 'reply' });
    const asked = await customer.next('permissions', (m) => m.permissions.some((p) => p.kind === 'view' && p.state === 'asked' && p.at > revokedAt));
    expect(asked.permissions.find((p) => p.kind === 'view')?.repName).toBe('Administrator');
  });

  it("a question of the representative who left cannot be answered for the next one", async () => {
    const { sessionId, customer, admin, bob, bobId } = await sharedAndElevated();
    await customer.request({ type: 'share.stop', id: 'st', sessionId, reason: 'customer_stopped' });
    expect(await admin.request({ type: 'permission.request', id: 'v3', sessionId, permission: 'view' })).toMatchObject({ type: 'reply' });
    expect(await admin.request({ type: 'session.transfer', id: 'tr', sessionId, to: { kind: 'rep', repId: bobId } })).toMatchObject({ type: 'reply' });
    expect(await customer.request({ type: 'permission.answer', id: 'late', sessionId, permission: 'view', allow: true })).toMatchObject({ type: 'error', code: 'invalid_state' });
    expect(await t.srv.permissions.check(sessionId, 'view')).toBe(false);
    expect(bob.received.filter((m) => m.type === 'permissions' && stateOf(m.permissions, 'view') === 'granted')).toEqual([]);
  });
});
