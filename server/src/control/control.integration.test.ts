import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient } from '../testing.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];

beforeEach(async () => {
  srv = await startTestServer({ CUSTOMER_GRACE_MS: '60000' });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await srv.close();
});

/** An active session where the customer shares the screen and has allowed Elevate, with the helper connected. */
async function elevatedAndSharing() {
  const { session, customerToken } = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Ada' } })).body;
  const rep = await TestClient.open(srv.url, await login(srv.url), CONSOLE_ORIGIN);
  const customer = await TestClient.open(srv.url, customerToken, CUSTOMER_ORIGIN);
  clients.push(rep, customer);
  const sessionId = session.id;
  await rep.request({ type: 'session.accept', id: 'a', sessionId });
  await rep.request({ type: 'permission.request', id: 'v', sessionId, permission: 'view' });
  await customer.request({ type: 'permission.answer', id: 'va', sessionId, permission: 'view', allow: true });
  await rep.request({ type: 'elevate.request', id: 'e', sessionId });
  await customer.request({ type: 'elevate.answer', id: 'ea', sessionId, allow: true });
  await customer.request({ type: 'elevate.report', id: 'r', sessionId, host: 'connected' });
  return { sessionId, rep, customer };
}

const control = (list: { kind: string; state: string; by: string }[]) => list.find((p) => p.kind === 'control');

describe('control rides on the Allow given at Elevate', () => {
  it('is granted at once, as the customer\'s grant, while the helper is connected and the screen shared', async () => {
    const { sessionId, rep } = await elevatedAndSharing();
    expect(await rep.request({ type: 'permission.request', id: 'c', sessionId, permission: 'control' })).toMatchObject({ type: 'reply' });
    const notice = await rep.next('permissions', (m) => control(m.permissions)?.state === 'granted');
    expect(control(notice.permissions)).toMatchObject({ state: 'granted', by: 'customer' });
    expect(await srv.permissions.check(sessionId, 'control')).toBe(true);
    const events = await srv.store.events(sessionId);
    expect(events.map((e) => e.kind)).toContain('control.granted_at_elevation');
    // Asking again while granted is refused.
    expect(await rep.request({ type: 'permission.request', id: 'c2', sessionId, permission: 'control' })).toMatchObject({ type: 'error', code: 'invalid_state' });
  });

  it('Take back control (the helper reports revoked) takes control away on the server', async () => {
    const { sessionId, rep, customer } = await elevatedAndSharing();
    await rep.request({ type: 'permission.request', id: 'c', sessionId, permission: 'control' });
    await customer.request({ type: 'elevate.report', id: 'rv', sessionId, host: 'revoked' });
    const notice = await rep.next('permissions', (m) => control(m.permissions)?.state === 'revoked');
    expect(control(notice.permissions)).toMatchObject({ by: 'customer' });
    expect(await srv.permissions.check(sessionId, 'control')).toBe(false);
    // Not connected any more: a new request is a question to the customer again, not a grant.
    await rep.request({ type: 'permission.request', id: 'c2', sessionId, permission: 'control' });
    expect(await srv.permissions.check(sessionId, 'control')).toBe(false);
  });

  it('STOP SHARING revokes control, and control is refused without a shared screen', async () => {
    const { sessionId, rep, customer } = await elevatedAndSharing();
    await rep.request({ type: 'permission.request', id: 'c', sessionId, permission: 'control' });
    await customer.request({ type: 'share.stop', id: 's', sessionId, reason: 'customer_stopped' });
    expect(await srv.permissions.check(sessionId, 'control')).toBe(false);
    expect(await rep.request({ type: 'permission.request', id: 'c2', sessionId, permission: 'control' })).toMatchObject({ type: 'error', code: 'forbidden' });
  });
});
