import { describe, expect, it } from 'vitest';
import { CUSTOMER_EXTENSION, type CreateSessionResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, TestClient } from '../testing.ts';
import { useTestServer } from '../testing-hooks.ts';

/** The web chat (the server's own origin) may refuse an Elevate request; allowing and the helper's reports need the extension. */
const t = useTestServer({ CUSTOMER_GRACE_MS: '60000', CUSTOMER_EXTENSION_URL: 'https://extensions.example.com/support' });

async function requested() {
  const { session, customerToken } = (await api<CreateSessionResponse>(t.srv.url, '/api/sessions', { body: { customerName: 'Ada' } })).body;
  const rep = await TestClient.open(t.srv.url, await login(t.srv.url), CONSOLE_ORIGIN);
  const web = await TestClient.open(t.srv.url, customerToken, new URL(t.srv.url).origin);
  t.track(rep, web);
  await rep.request({ type: 'session.accept', id: 'a', sessionId: session.id });
  await rep.request({ type: 'elevate.request', id: 'e', sessionId: session.id });
  await web.next('elevation', (m) => m.state === 'requested');
  return { sessionId: session.id, rep, web, customerToken };
}

describe('elevation from the web chat', () => {
  it('the web chat cannot allow or report a helper; the extension, on the same session, can', async () => {
    const { sessionId, rep, web, customerToken } = await requested();
    expect(await web.request({ type: 'elevate.answer', id: 'y', sessionId, allow: true })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await web.request({ type: 'elevate.report', id: 'r', sessionId, host: 'connected' })).toMatchObject({ type: 'error', code: 'forbidden' });

    // Handed over: the extension connects with the same token and gets the pending request.
    const extension = await TestClient.open(t.srv.url, customerToken, CUSTOMER_ORIGIN);
    t.track(extension);
    await extension.next('session', (m) => m.session.id === sessionId);
    expect(await extension.next('elevation')).toMatchObject({ sessionId, state: 'requested' });
    expect(await extension.request({ type: 'elevate.answer', id: 'y2', sessionId, allow: true })).toMatchObject({ type: 'reply' });
    expect(await rep.next('elevation', (m) => m.state === 'allowed')).toMatchObject({ sessionId });
  });

  it('the web chat refuses as the extension does', async () => {
    const { sessionId, rep, web } = await requested();
    expect(await web.request({ type: 'elevate.answer', id: 'n', sessionId, allow: false })).toMatchObject({ type: 'reply' });
    expect(await rep.next('elevation', (m) => m.state === 'refused')).toMatchObject({ sessionId });
  });

  it('the public config names the customer extension and where to install it', async () => {
    expect((await api(t.srv.url, '/api/public-config')).body).toEqual({ customerExtensionId: CUSTOMER_EXTENSION.id, customerExtensionIds: [CUSTOMER_EXTENSION.id], customerExtensionUrl: 'https://extensions.example.com/support' });
  });
});
