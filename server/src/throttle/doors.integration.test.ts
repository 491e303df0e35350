import { describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '@rs/protocol';
import { CONSOLE_ORIGIN, CUSTOMER_ORIGIN, TestClient, api, login, withTestServer, type TestServer } from '../testing.ts';
import { hashToken, randomId } from '../auth/secrets.ts';
import { API_TOKEN_PREFIX } from '../itsm/tokens.ts';



/** An integration token written straight into the store (the admin routes are not under test here). */
async function apiToken(srv: TestServer): Promise<string> {
  const integrationId = randomId();
  await srv.store.workflow.createIntegration({ id: integrationId, name: 'ITSM', webhookUrl: 'https://itsm.example.com/hook', secret: randomId(32), createdAt: Date.now() });
  const token = API_TOKEN_PREFIX + randomId(32);
  const now = Date.now();
  await srv.store.workflow.createApiToken({ id: randomId(), integrationId, tokenHash: hashToken(token), name: 't', scopes: ['journal:read'], createdAt: now, expiresAt: now + 86_400_000, revokedAt: null });
  return token;
}

const journal = (srv: TestServer, token: string) => api<{ error?: { code: string; retryAfterMs?: number } }>(srv.url, '/api/itsm/incidents/INC-1/journal', { token });

describe('API token throttles', () => {
  it('wrong tokens from one address are refused with 429 after the budget, even a right one', () =>
    withTestServer({ API_TOKEN_WRONG_PER_ADDRESS: '3' }, async (srv) => {
      const good = await apiToken(srv);
      for (let i = 0; i < 3; i++) expect((await journal(srv, `${API_TOKEN_PREFIX}guess${i}`)).status).toBe(401);
      const refused = await journal(srv, good);
      expect(refused).toMatchObject({ status: 429, body: { error: { code: 'rate_limited', retryAfterMs: expect.any(Number) } } });
    }));

  it('one token may make only so many requests a minute; another token is not slowed', () =>
    withTestServer({ API_TOKEN_REQUESTS_PER_MINUTE: '3' }, async (srv) => {
      const busy = await apiToken(srv);
      const quiet = await apiToken(srv);
      for (let i = 0; i < 3; i++) expect((await journal(srv, busy)).status).toBe(200);
      expect((await journal(srv, busy)).status).toBe(429);
      expect((await journal(srv, quiet)).status).toBe(200);
    }));
});

describe('relay upload throttles', () => {
  it('chunks per session are limited: the next one is 429 with Retry-After', () =>
    withTestServer({ FILE_RELAY_CHUNKS_PER_MINUTE: '2', CUSTOMER_GRACE_MS: '60000' }, async (srv) => {
      const { session, customerToken } = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Ada' } })).body;
      const rep = await TestClient.open(srv.url, await login(srv.url), CONSOLE_ORIGIN);
      const customer = await TestClient.open(srv.url, customerToken, CUSTOMER_ORIGIN);
      try {
        await rep.request({ type: 'session.accept', id: 'a', sessionId: session.id });
        const transferId = 'f'.repeat(32);
        await customer.request({ type: 'file.offer', id: 'o', sessionId: session.id, transferId, name: 'a.txt', size: 100, sha256: 'a'.repeat(64) });
        await rep.next('file');
        expect(await rep.request({ type: 'file.answer', id: 'y', sessionId: session.id, transferId, accept: true })).toMatchObject({ type: 'reply' });
        const put = (seq: number) =>
          fetch(`${srv.url}/api/sessions/${session.id}/files/${transferId}/chunks/${seq}`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${customerToken}`, 'content-type': 'application/octet-stream' },
            body: new Uint8Array(10),
          });
        expect((await put(0)).status).toBe(200);
        expect((await put(1)).status).toBe(200);
        const refused = await put(2);
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      } finally {
        rep.close();
        customer.close();
      }
    }));

  it('chunks per address are limited before any token is checked', () =>
    withTestServer({ FILE_RELAY_ADDRESS_CHUNKS_PER_MINUTE: '3' }, async (srv) => {
      const put = () => fetch(`${srv.url}/api/sessions/${'s'.repeat(20)}/files/${'f'.repeat(32)}/chunks/0`, { method: 'PUT', headers: { authorization: 'Bearer nobody' }, body: new Uint8Array(10) });
      for (let i = 0; i < 3; i++) expect((await put()).status).not.toBe(429);
      expect((await put()).status).toBe(429);
    }));
});
