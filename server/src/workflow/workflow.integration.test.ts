import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateSessionResponse, HistoryDetail, JournalEntry, SessionKeyView, WebhookPayload } from '@rs/protocol';
import { CONSOLE_ORIGIN, CUSTOMER_ORIGIN, TestClient, addRep, api, login, startTestServer } from '../testing.ts';
import { startSmtpSink } from '../testing-smtp.ts';

type Running = Awaited<ReturnType<typeof startTestServer>>;

/** A real HTTP receiver that records each webhook call; answers 500 to the first `failFirst` calls for each session. */
async function startReceiver(failFirst: number) {
  const calls: { body: string; signature: string; sessionId: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const sessionId = (JSON.parse(body) as WebhookPayload).history.sessionId;
      calls.push({ body, signature: String(req.headers['x-rs-signature']), sessionId });
      res.statusCode = calls.filter((c) => c.sessionId === sessionId).length <= failFirst ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, calls, close: () => new Promise((r) => server.close(r)) };
}

const verify = (secret: string, header: string, body: string) => {
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
  return v1 === createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
};

describe('representative workflow over HTTP and the live socket', () => {
  let srv: Running;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let adminToken: string;
  let bobToken: string;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    srv = await startTestServer({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SESSION_KEY_MAX_GUESSES: '3', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_ALLOW_PRIVATE: 'true' });
    await addRep(srv.store, 'bob', 'bob-password-1', 'Bob');
    adminToken = await login(srv.url);
    bobToken = await login(srv.url, 'bob', 'bob-password-1');
  });
  afterAll(async () => {
    await srv?.close();
    await smtp?.close();
  });

  const generate = async (incident: string, customerEmail?: string) => {
    const res = await api<SessionKeyView>(srv.url, '/api/session-keys', { token: adminToken, body: { incident, customerEmail } });
    expect(res.status).toBe(201);
    return res.body;
  };

  it('generates a key, emails the link and journals it; the key is single use', async () => {
    const key = await generate('INC-1001', 'ada@example.com');
    expect(key.key).toMatch(/^\d{3} \d{3} \d{3}$/);
    expect(key.link).toBe(`${srv.publicUrl}/#key=${key.key.replace(/ /g, '')}`);
    const sent = await api<{ sentTo: string; journal: JournalEntry }>(srv.url, `/api/session-keys/${key.id}/email`, { token: adminToken, body: { key: key.key } });
    expect(sent.status).toBe(200);
    const mail = await smtp.next();
    expect(mail.to).toEqual(['ada@example.com']);
    expect(mail.subject).toContain('INC-1001');
    expect(mail.text).toContain(key.link);
    expect(sent.body.journal).toMatchObject({ incident: 'INC-1001', kind: 'email_sent' });

    const admin = await TestClient.open(srv.url, adminToken, CONSOLE_ORIGIN);
    const bob = await TestClient.open(srv.url, bobToken, CONSOLE_ORIGIN);
    const redeemed = await api<CreateSessionResponse>(srv.url, '/api/session-keys/redeem', { body: { key: key.link.split('key=')[1], customerName: 'Ada' } });
    expect(redeemed.status).toBe(201);
    const queued = await admin.next('queue', (q) => q.entries.length === 1);
    expect(queued.entries[0]).toMatchObject({ customerName: 'Ada', incident: 'INC-1001', queue: 'personal' });
    // Bob's queue does not show it, and he cannot take it.
    await new Promise((r) => setTimeout(r, 100));
    expect(bob.received.filter((m) => m.type === 'queue').every((m) => m.type === 'queue' && m.entries.length === 0)).toBe(true);
    const stolen = await bob.request({ type: 'session.accept', id: 'b1', sessionId: redeemed.body.session.id });
    expect(stolen).toMatchObject({ type: 'error', code: 'not_found' });

    const again = await api(srv.url, '/api/session-keys/redeem', { body: { key: key.key, customerName: 'Eve' } });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'invalid_state' } } });
    admin.close();
    bob.close();
  });

  it('holds a session, lets another rep take it over with the whole transcript, then closes it into history and the webhook', async () => {
    const receiver = await startReceiver(1);
    const integration = await api<{ integration: { id: string }; secret: string }>(srv.url, '/api/integrations', { token: adminToken, body: { name: 'ServiceNow', webhookUrl: receiver.url } });
    expect(integration.status).toBe(201);
    const key = await generate('INC-2002');
    const created = await api<CreateSessionResponse>(srv.url, '/api/session-keys/redeem', { body: { key: key.key, customerName: 'Grace' } });
    const sessionId = created.body.session.id;
    const customer = await TestClient.open(srv.url, created.body.customerToken, CUSTOMER_ORIGIN);
    const admin = await TestClient.open(srv.url, adminToken, CONSOLE_ORIGIN);
    const bob = await TestClient.open(srv.url, bobToken, CONSOLE_ORIGIN);
    expect(await admin.request({ type: 'session.accept', id: 'a1', sessionId })).toMatchObject({ type: 'reply' });
    await customer.request({ type: 'chat.send', id: 'c1', sessionId, text: 'My VPN is down' });
    expect(await admin.request({ type: 'session.end', id: 'a2', sessionId, mode: 'hold' })).toMatchObject({ type: 'reply', session: { state: 'held', repId: null } });
    await customer.next('chat', (c) => c.message.text.startsWith("The session has ended on the representative's side"));
    const held = await bob.next('queue', (q) => q.entries.some((e) => e.sessionId === sessionId));
    expect(held.entries.find((e) => e.sessionId === sessionId)).toMatchObject({ held: true, incident: 'INC-2002' });
    expect(await bob.request({ type: 'session.accept', id: 'b1', sessionId })).toMatchObject({ type: 'reply', session: { state: 'active' } });
    const snapshot = await bob.next('session', (s) => s.session.id === sessionId && s.messages !== undefined);
    expect(snapshot.messages?.map((m) => m.text)).toContain('My VPN is down');
    expect(await bob.request({ type: 'session.end', id: 'b2', sessionId, mode: 'close' })).toMatchObject({ type: 'reply', session: { state: 'closed' } });

    const history = await api<HistoryDetail>(srv.url, `/api/history/${sessionId}`, { token: bobToken });
    expect(history.body).toMatchObject({ incident: 'INC-2002', customerName: 'Grace', repNames: ['Administrator', 'Bob'], endReason: 'rep_closed', recordingUrl: null });
    expect(history.body.transcript.map((m) => m.text)).toContain('My VPN is down');
    const list = await api<{ entries: { sessionId: string }[] }>(srv.url, '/api/history?incident=INC-2002', { token: bobToken });
    expect(list.body.entries.map((e) => e.sessionId)).toEqual([sessionId]);
    expect((await api<{ entries: unknown[] }>(srv.url, '/api/history?customer=Nobody', { token: bobToken })).body.entries).toEqual([]);

    // The first delivery fails (500), the retry succeeds; both are signed.
    const mine = () => receiver.calls.filter((c) => c.sessionId === sessionId);
    await expect.poll(() => mine().length, { timeout: 5000 }).toBe(2);
    for (const call of mine()) expect(verify(integration.body.secret, call.signature, call.body)).toBe(true);
    const payload = JSON.parse(mine()[1]!.body) as WebhookPayload;
    expect(payload.history).toMatchObject({ sessionId, incident: 'INC-2002' });
    const transcript = await fetch(payload.history.transcriptUrl);
    expect(await transcript.text()).toContain('My VPN is down');
    // Tampered: the signature's first character changed (to one it is not).
    expect((await fetch(payload.history.transcriptUrl.replace(/signature=(.)/, (_m, c: string) => `signature=${c === 'x' ? 'y' : 'x'}`))).status).toBe(401);
    await expect.poll(async () => (await api<HistoryDetail>(srv.url, `/api/history/${sessionId}`, { token: bobToken })).body.synced).toBe(true);
    const log = await api<{ deliveries: { status: string; attempts: number; sessionId: string }[] }>(srv.url, `/api/integrations/${integration.body.integration.id}/deliveries`, { token: adminToken });
    expect(log.body.deliveries.find((d) => d.sessionId === sessionId)).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: null, lastError: null });
    await receiver.close();
    for (const c of [customer, admin, bob]) c.close();
  }, 20_000);

  it('transfers an active session to a rep or a team, and refuses what it cannot', async () => {
    const { body } = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Tom' } });
    const customer = await TestClient.open(srv.url, body.customerToken, CUSTOMER_ORIGIN);
    const admin = await TestClient.open(srv.url, adminToken, CONSOLE_ORIGIN);
    const bob = await TestClient.open(srv.url, bobToken, CONSOLE_ORIGIN);
    const sessionId = body.session.id;
    const dir = await api<{ reps: { id: string; displayName: string; online: boolean }[]; teams: { id: string; name: string }[] }>(srv.url, '/api/directory', { token: adminToken });
    const bobId = dir.body.reps.find((r) => r.displayName === 'Bob')!.id;
    const adminId = dir.body.reps.find((r) => r.displayName === 'Administrator')!.id;
    expect(dir.body.reps.find((r) => r.id === bobId)?.online).toBe(true);
    const general = dir.body.teams.find((t) => t.name === 'General')!;
    await admin.request({ type: 'session.accept', id: 'a1', sessionId });
    expect(await admin.request({ type: 'session.transfer', id: 'a2', sessionId, to: { kind: 'rep', repId: adminId } })).toMatchObject({ code: 'invalid_state' });
    expect(await bob.request({ type: 'session.transfer', id: 'b0', sessionId, to: { kind: 'rep', repId: bobId } })).toMatchObject({ code: 'not_found' });
    expect(await admin.request({ type: 'session.transfer', id: 'a3', sessionId, to: { kind: 'team', teamId: 'no-such-team' } })).toMatchObject({ code: 'not_found' });
    expect(await admin.request({ type: 'session.transfer', id: 'a4', sessionId, to: { kind: 'rep', repId: bobId } })).toMatchObject({ type: 'reply', session: { state: 'active', repId: bobId } });
    await bob.next('session', (m) => m.session.id === sessionId && m.messages !== undefined);
    expect(await bob.request({ type: 'session.transfer', id: 'b1', sessionId, to: { kind: 'team', teamId: general.id } })).toMatchObject({ type: 'reply', session: { state: 'queued', repId: null } });
    // Bob is not in the General team (added directly to the store): only the admin's queue shows it.
    await admin.next('queue', (q) => q.entries.some((e) => e.sessionId === sessionId && e.queue === 'team'));
    expect(await bob.request({ type: 'session.accept', id: 'b2', sessionId })).toMatchObject({ code: 'not_found' });
    expect(await admin.request({ type: 'session.accept', id: 'a5', sessionId })).toMatchObject({ type: 'reply' });
    for (const c of [customer, admin, bob]) c.close();
  });

  it('pulls the journal with a scoped API token, refused once revoked', async () => {
    const { body: { integration } } = await api<{ integration: { id: string } }>(srv.url, '/api/integrations', { token: adminToken, body: { name: 'Cherwell', webhookUrl: 'http://127.0.0.1:9/none' } });
    const issued = await api<{ token: string; apiToken: { id: string } }>(srv.url, `/api/integrations/${integration.id}/tokens`, { token: adminToken, body: { name: 'pull', scopes: ['journal:read'], ttlDays: 1 } });
    const journal = await api<{ entries: JournalEntry[] }>(srv.url, '/api/itsm/incidents/INC-2002/journal', { token: issued.body.token });
    expect(journal.body.entries.map((e) => e.kind)).toEqual(['remote_support_history']);
    expect((await api(srv.url, `/api/itsm/history/x${'y'.repeat(10)}`, { token: issued.body.token })).status).toBe(403);
    expect((await api(srv.url, '/api/me', { token: issued.body.token })).status).toBe(401);
    await api(srv.url, `/api/integrations/${integration.id}/tokens/${issued.body.apiToken.id}`, { token: adminToken, method: 'DELETE' });
    expect((await api(srv.url, '/api/itsm/incidents/INC-2002/journal', { token: issued.body.token })).status).toBe(401);
    expect((await api(srv.url, '/api/integrations', { token: bobToken })).status).toBe(403);
  });

});

describe('session key guesses', () => {
  it('locks an address out after the configured number of wrong guesses, even for a right key', async () => {
    const srv = await startTestServer({ SESSION_KEY_MAX_GUESSES: '3' });
    try {
      const token = await login(srv.url);
      const key = (await api<SessionKeyView>(srv.url, '/api/session-keys', { token, body: { incident: 'INC-3003' } })).body;
      for (const guess of ['000 000 001', '000 000 002', 'not a key']) expect((await api(srv.url, '/api/session-keys/redeem', { body: { key: guess, customerName: 'Mallory' } })).status).toBe(404);
      const locked = await api(srv.url, '/api/session-keys/redeem', { body: { key: key.key, customerName: 'Mallory' } });
      expect(locked).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
    } finally {
      await srv.close();
    }
  });

  it('refuses an expired key', async () => {
    const srv = await startTestServer({ SESSION_KEY_TTL_SECONDS: '1' });
    try {
      const token = await login(srv.url);
      const key = (await api<SessionKeyView>(srv.url, '/api/session-keys', { token, body: { incident: 'INC-4004' } })).body;
      expect(key.expiresAt - Date.now()).toBeLessThanOrEqual(1000);
      await new Promise((r) => setTimeout(r, 1100));
      const refused = await api(srv.url, '/api/session-keys/redeem', { body: { key: key.key, customerName: 'Late' } });
      expect(refused).toMatchObject({ status: 409, body: { error: { code: 'invalid_state', message: expect.stringContaining('expired') } } });
    } finally {
      await srv.close();
    }
  });
});
