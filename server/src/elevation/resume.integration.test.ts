import { describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login } from '../testing.ts';
import { useTestServer } from '../testing-hooks.ts';

/** A console reload or a reconnected chat gets the elevation state and the permissions, not only the transcript. */
const t = useTestServer({ CUSTOMER_GRACE_MS: '60000' });
const open = t.open;

async function activeSession() {
  const { session, customerToken } = (await api<CreateSessionResponse>(t.srv.url, '/api/sessions', { body: { customerName: 'Ada' } })).body;
  const repToken = await login(t.srv.url);
  const rep = await open(repToken, CONSOLE_ORIGIN);
  const customer = await open(customerToken, CUSTOMER_ORIGIN);
  await rep.request({ type: 'session.accept', id: 'a', sessionId: session.id });
  return { sessionId: session.id, rep, repToken, customer, customerToken };
}

describe('elevation state on (re)connect', () => {
  it('a reconnecting customer gets the pending request after the snapshot', async () => {
    const { sessionId, rep, customer, customerToken } = await activeSession();
    await rep.request({ type: 'elevate.request', id: 'e', sessionId });
    await customer.next('elevation', (m) => m.state === 'requested');
    customer.close();

    const again = await open(customerToken, CUSTOMER_ORIGIN);
    await again.next('session', (m) => m.session.id === sessionId);
    expect(await again.next('elevation')).toEqual({ type: 'elevation', sessionId, state: 'requested', repName: 'Administrator' });
    // The request is still answerable from the new connection.
    expect(await again.request({ type: 'elevate.answer', id: 'y', sessionId, allow: true })).toMatchObject({ type: 'reply' });
    expect(await rep.next('elevation', (m) => m.state === 'allowed')).toMatchObject({ sessionId });
  });

  it('a reconnecting representative gets the helper connected and control granted, and keeps control working', async () => {
    const { sessionId, rep, repToken, customer } = await activeSession();
    await rep.request({ type: 'elevate.request', id: 'e', sessionId });
    await customer.request({ type: 'elevate.answer', id: 'y', sessionId, allow: true });
    await customer.request({ type: 'elevate.report', id: 'r', sessionId, host: 'connected' });
    await rep.request({ type: 'permission.request', id: 'v', sessionId, permission: 'view' });
    await customer.request({ type: 'permission.answer', id: 'va', sessionId, permission: 'view', allow: true });
    expect(await rep.request({ type: 'permission.request', id: 'c', sessionId, permission: 'control' })).toMatchObject({ type: 'reply' });
    rep.close();

    const again = await open(repToken, CONSOLE_ORIGIN);
    // In order: the snapshot, then what it does not carry.
    await again.next('session', (m) => m.session.id === sessionId);
    const permissions = await again.next('permissions', (m) => m.sessionId === sessionId);
    expect(permissions.permissions.map((p) => [p.kind, p.state])).toEqual(expect.arrayContaining([['view', 'granted'], ['control', 'granted']]));
    expect(await again.next('elevation', (m) => m.sessionId === sessionId)).toEqual({ type: 'elevation', sessionId, state: 'connected', repName: 'Administrator' });

    // After the share is lost and given again, the same helper takes control again without a new Elevate.
    await customer.request({ type: 'share.stop', id: 's', sessionId, reason: 'connection_lost' });
    await again.request({ type: 'permission.request', id: 'v2', sessionId, permission: 'view' });
    await customer.request({ type: 'permission.answer', id: 'va2', sessionId, permission: 'view', allow: true });
    expect(await again.request({ type: 'permission.request', id: 'c2', sessionId, permission: 'control' })).toMatchObject({ type: 'reply' });
    const granted = await again.next('permissions', (m) => m.permissions.some((p) => p.kind === 'control' && p.state === 'granted'));
    expect(granted.sessionId).toBe(sessionId);
  });

  it('a representative with nothing elevated gets no elevation notice, and an ended elevation is not replayed', async () => {
    const { sessionId, rep, repToken, customer } = await activeSession();
    rep.close();
    const first = await open(repToken, CONSOLE_ORIGIN);
    await first.next('session', (m) => m.session.id === sessionId);
    await first.request({ type: 'elevate.request', id: 'e', sessionId });
    await customer.request({ type: 'elevate.answer', id: 'y', sessionId, allow: true });
    await customer.request({ type: 'elevate.report', id: 'r', sessionId, host: 'ended' });
    await first.next('elevation', (m) => m.state === 'ended');
    first.close();

    const again = await open(repToken, CONSOLE_ORIGIN);
    await again.next('session', (m) => m.session.id === sessionId);
    // A request that is answered at once proves every welcome frame has arrived.
    await again.request({ type: 'chat.send', id: 'c', sessionId, text: 'still here' });
    expect(again.received.filter((m) => m.type === 'elevation')).toEqual([]);
  });
});
