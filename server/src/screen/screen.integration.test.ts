import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse, PermissionsResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient } from '../testing.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeEach(async () => {
  srv = await startTestServer();
});
afterEach(async () => {
  await srv.close();
});

async function activeSession() {
  const { body } = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Pat' } });
  // The customer connects first: the test server gives a silent customer only 300 ms before the session ends.
  const customer = await TestClient.open(srv.url, body.customerToken, CUSTOMER_ORIGIN);
  const repToken = await login(srv.url);
  const rep = await TestClient.open(srv.url, repToken, CONSOLE_ORIGIN);
  const sessionId = body.session.id;
  expect((await rep.request({ type: 'session.accept', id: 'a', sessionId })).type).toBe('reply');
  return { sessionId, rep, customer, repToken, customerToken: body.customerToken };
}

const stateOf = (p: PermissionsResponse['permissions'], kind: string) => p.find((x) => x.kind === kind)?.state;

describe('screen sharing permissions are server state', () => {
  it('ask, allow, share, STOP SHARING: every permission is revoked and later use is refused', async () => {
    const { sessionId, rep, customer, customerToken } = await activeSession();
    // Sharing without the customer's grant is refused.
    expect(await customer.request({ type: 'share.started', id: 's0', sessionId, surface: 'monitor' })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await rep.request({ type: 'permission.request', id: 'c0', sessionId, permission: 'control' })).toMatchObject({ type: 'error', code: 'forbidden' });

    expect(await rep.request({ type: 'permission.request', id: 'p1', sessionId, permission: 'view' })).toMatchObject({ type: 'reply' });
    const asked = await customer.next('permissions', (m) => stateOf(m.permissions, 'view') === 'asked');
    expect(asked.permissions[0]).toMatchObject({ kind: 'view', state: 'asked', by: 'rep' });
    // Only the customer answers.
    expect(await rep.request({ type: 'permission.answer', id: 'x', sessionId, permission: 'view', allow: true })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await customer.request({ type: 'permission.answer', id: 'p2', sessionId, permission: 'view', allow: true })).toMatchObject({ type: 'reply' });
    await rep.next('permissions', (m) => stateOf(m.permissions, 'view') === 'granted');
    expect(await customer.request({ type: 'share.started', id: 's1', sessionId, surface: 'window' })).toMatchObject({ type: 'reply' });
    expect(await rep.next('share')).toMatchObject({ sharing: true, surface: 'window' });

    // With view granted, control may be asked for, and granted.
    expect(await rep.request({ type: 'permission.request', id: 'c1', sessionId, permission: 'control' })).toMatchObject({ type: 'reply' });
    await customer.request({ type: 'permission.answer', id: 'c2', sessionId, permission: 'control', allow: true });
    expect(await srv.permissions.check(sessionId, 'control')).toBe(true);

    expect(await customer.request({ type: 'share.stop', id: 's2', sessionId, reason: 'customer_stopped' })).toMatchObject({ type: 'reply' });
    expect(await rep.next('share', (m) => !m.sharing)).toMatchObject({ sharing: false, reason: 'customer_stopped' });
    const after = await api<PermissionsResponse>(srv.url, `/api/sessions/${sessionId}/permissions`, { token: customerToken });
    expect(after.body.permissions.map((p) => [p.kind, p.state, p.by])).toEqual([
      ['control', 'revoked', 'customer'],
      ['view', 'revoked', 'customer'],
    ]);
    expect(await srv.permissions.check(sessionId, 'control')).toBe(false);
    expect(await rep.request({ type: 'permission.request', id: 'c3', sessionId, permission: 'control' })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await customer.request({ type: 'share.started', id: 's3', sessionId, surface: 'monitor' })).toMatchObject({ type: 'error', code: 'forbidden' });
    const kinds = (await srv.store.events(sessionId)).map((e) => e.kind);
    expect(kinds).toContain('permissions.revoked_all');
    rep.close();
    customer.close();
  });

  it('a refusal reaches the rep, and the end of the session revokes what was granted', async () => {
    const { sessionId, rep, customer } = await activeSession();
    await rep.request({ type: 'permission.request', id: 'p1', sessionId, permission: 'view' });
    await customer.request({ type: 'permission.answer', id: 'p2', sessionId, permission: 'view', allow: false });
    await rep.next('permissions', (m) => stateOf(m.permissions, 'view') === 'refused');
    expect(await customer.request({ type: 'permission.answer', id: 'p3', sessionId, permission: 'view', allow: true })).toMatchObject({ type: 'error', code: 'invalid_state' });
    await rep.request({ type: 'permission.request', id: 'p4', sessionId, permission: 'view' });
    await customer.request({ type: 'permission.answer', id: 'p5', sessionId, permission: 'view', allow: true });
    await rep.request({ type: 'session.end', id: 'e', sessionId, mode: 'close' });
    expect(await rep.next('share', (m) => !m.sharing)).toMatchObject({ reason: 'session_ended' });
    expect(await srv.permissions.check(sessionId, 'view')).toBe(false);
    expect((await srv.store.permissions(sessionId))[0]).toMatchObject({ state: 'revoked', by: 'system' });
    rep.close();
    customer.close();
  });
});
