import { describe, expect, it } from 'vitest';
import { AUTH_SUBPROTOCOL_PREFIX, LIVE_SUBPROTOCOL, type CreateSessionResponse } from '@rs/protocol';
import { CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, TestClient, upgradeStatus, withTestServer } from '../testing.ts';
import { useTestServer } from '../testing-hooks.ts';

/**
 * Firefox gives each install of the customer extension a random moz-extension:// origin. The server trusts
 * such an origin for the customer role only (the full client: it may allow Elevate); a representative's or
 * an integration's credential from it is refused, on the live socket and on REST alike.
 */
const FIREFOX = 'moz-extension://5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d';
const t = useTestServer({ CUSTOMER_GRACE_MS: '60000' });
const protocols = (token: string) => [LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX + token];

async function rest(path: string, origin: string, init: { token?: string; body?: unknown } = {}) {
  const res = await fetch(t.srv.url + path, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { origin, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, cors: res.headers.get('access-control-allow-origin'), body: (await res.json()) as unknown };
}

describe('a Firefox extension origin', () => {
  it('starts a chat and opens the customer socket, as the full client that may allow Elevate', async () => {
    const created = await rest('/api/sessions', FIREFOX, { body: { customerName: 'Fox' } });
    expect(created).toMatchObject({ status: 201, cors: FIREFOX });
    const { session, customerToken } = created.body as CreateSessionResponse;
    expect(await rest(`/api/sessions/${session.id}/peer`, FIREFOX, { token: customerToken })).toMatchObject({ status: 200, cors: FIREFOX });

    const rep = await t.open(await login(t.srv.url), CONSOLE_ORIGIN);
    const customer = await t.open(customerToken, FIREFOX);
    await rep.request({ type: 'session.accept', id: 'a', sessionId: session.id });
    await rep.request({ type: 'elevate.request', id: 'e', sessionId: session.id });
    await customer.next('elevation', (m) => m.state === 'requested');
    expect(await customer.request({ type: 'elevate.answer', id: 'y', sessionId: session.id, allow: true })).toMatchObject({ type: 'reply' });
    expect(await rep.next('elevation', (m) => m.state === 'allowed')).toMatchObject({ sessionId: session.id });
  });

  it('never carries a representative: their socket and their REST calls are refused', async () => {
    const token = await login(t.srv.url);
    const url = `${t.srv.url.replace('http', 'ws')}/api/ws`;
    expect(await upgradeStatus(url, protocols(token), { origin: FIREFOX })).toBe(403);
    expect(await upgradeStatus(url, protocols(token), { origin: CONSOLE_ORIGIN })).toBe(101);
    expect(await rest('/api/history', FIREFOX, { token })).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await rest('/api/history', CONSOLE_ORIGIN, { token })).toMatchObject({ status: 200, cors: CONSOLE_ORIGIN });
    expect(await rest('/api/history', FIREFOX, { token: 'rsi_not-even-a-real-token' })).toMatchObject({ status: 403 });
    // Anything else that looks like one is not an extension page.
    expect(await upgradeStatus(url, protocols(token), { origin: `${FIREFOX}.evil.example` })).toBe(403);
  });
});

it('with store ids configured, the development ids are foreign and the store copies are trusted', async () => {
  const store = 'o'.repeat(32);
  await withTestServer({ CUSTOMER_EXTENSION_IDS: store }, async (srv) => {
    const created = await fetch(`${srv.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerName: 'Ada' }) });
    const { customerToken } = (await created.json()) as CreateSessionResponse;
    const url = `${srv.url.replace('http', 'ws')}/api/ws`;
    expect(await upgradeStatus(url, protocols(customerToken), { origin: CUSTOMER_ORIGIN })).toBe(403);
    const client = await TestClient.open(srv.url, customerToken, `chrome-extension://${store}`);
    client.close();
  });
});
