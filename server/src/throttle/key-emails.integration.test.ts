import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionKeyView } from '@rs/protocol';
import { addRep, api, login, startTestServer } from '../testing.ts';
import { startSmtpSink } from '../testing-smtp.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
beforeEach(async () => {
  smtp = await startSmtpSink();
  srv = await startTestServer({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SESSION_KEY_EMAILS_PER_HOUR: '3' });
});
afterEach(async () => {
  await srv.close();
  await smtp.close();
});

describe('session-key emails', () => {
  // The server sends these from its own name to any address a representative types: without a budget one
  // account (or a stolen token) makes it a mail cannon, one key emailed again and again.
  it('one representative may send SESSION_KEY_EMAILS_PER_HOUR; the next is 429 with Retry-After and not sent; another representative is not slowed', async () => {
    const token = await login(srv.url);
    const key = (await api<SessionKeyView>(srv.url, '/api/session-keys', { token, body: { incident: 'INC-7' } })).body;
    for (let i = 0; i < 3; i++) {
      expect((await api(srv.url, `/api/session-keys/${key.id}/email`, { token, body: { key: key.key, to: `victim${i}@example.com` } })).status).toBe(200);
      await smtp.next();
    }
    const res = await fetch(`${srv.url}/api/session-keys/${key.id}/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ key: key.key, to: 'victim3@example.com' }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });

    await addRep(srv.store, 'bob', 'bob-password-1', 'Bob');
    const bob = await login(srv.url, 'bob', 'bob-password-1');
    const bobKey = (await api<SessionKeyView>(srv.url, '/api/session-keys', { token: bob, body: { incident: 'INC-8' } })).body;
    expect((await api(srv.url, `/api/session-keys/${bobKey.id}/email`, { token: bob, body: { key: bobKey.key, to: 'ada@example.com' } })).status).toBe(200);
    // The next mail to arrive is Bob's: the refused one was never sent.
    expect((await smtp.next()).to).toEqual(['ada@example.com']);
  });
});
