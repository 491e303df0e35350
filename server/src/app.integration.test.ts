import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX, PROTOCOL_VERSION, type TranscriptResponse, type CreateSessionResponse } from '@rs/protocol';
import { addRep, api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient, upgradeStatus } from './testing.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];
const open = async (token: string, origin: string, hello = true) => {
  const c = await TestClient.open(srv.url, token, origin, hello);
  clients.push(c);
  return c;
};
const startChat = async (name: string) =>
  (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: name } })).body;

beforeEach(async () => {
  srv = await startTestServer();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await srv.close();
});

describe('REST', () => {
  it('answers health and serves its OpenAPI document', async () => {
    expect((await api(srv.url, '/healthz')).body).toEqual({ ok: true, version: '0.1.0', protocol: PROTOCOL_VERSION, peerjs: { relayed: 0, dropped: 0, forwarded: 0, expired: 0 } });
    const doc = await api<{ openapi: string; paths: Record<string, unknown> }>(srv.url, '/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/api/sessions/{id}/transcript');
  });

  it('signs a representative in with the right password only', async () => {
    expect((await api(srv.url, '/api/auth/login', { body: { username: 'admin', password: 'nope' } })).status).toBe(401);
    expect((await api(srv.url, '/api/auth/login', { body: { username: 'ghost', password: 'nope' } })).status).toBe(401);
    const token = await login(srv.url);
    const me = await api<{ rep: { username: string } }>(srv.url, '/api/me', { token });
    expect(me.body.rep.username).toBe('admin');
    expect((await api(srv.url, '/api/auth/logout', { method: 'POST', token })).status).toBe(204);
    expect((await api(srv.url, '/api/me', { token })).status).toBe(401);
  });

  it('gives typed errors for bad bodies', async () => {
    const badJson = await api<{ error: { code: string } }>(srv.url, '/api/sessions', { body: '{nope' });
    expect([badJson.status, badJson.body.error.code]).toEqual([400, 'bad_json']);
    const noName = await api<{ error: { code: string } }>(srv.url, '/api/sessions', { body: { customerName: '   ' } });
    expect([noName.status, noName.body.error.code]).toEqual([400, 'bad_message']);
    const huge = await api<{ error: { code: string } }>(srv.url, '/api/sessions', { body: { customerName: 'x'.repeat(100_000) } });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'too_large']);
  });

  it('lets only a signed-in representative read a transcript', async () => {
    const { session, customerToken } = await startChat('Ada');
    const path = `/api/sessions/${session.id}/transcript`;
    expect((await api(srv.url, path)).status).toBe(401);
    expect((await api(srv.url, path, { token: customerToken })).status).toBe(401);
    expect((await api(srv.url, path, { token: 'forged' })).status).toBe(401);
    const repToken = await login(srv.url);
    expect((await api(srv.url, '/api/sessions', { token: customerToken })).status).toBe(401);
    const list = await api<{ sessions: { id: string }[] }>(srv.url, '/api/sessions', { token: repToken });
    expect(list.body.sessions.map((s) => s.id)).toEqual([session.id]);
    const ok = await api<TranscriptResponse>(srv.url, path, { token: repToken });
    expect(ok.status).toBe(200);
    expect(ok.body.session.customerName).toBe('Ada');
  });
});

describe('a whole chat over the live socket', () => {
  it('queues, accepts, chats, persists before acknowledging, and closes', async () => {
    const repToken = await login(srv.url);
    const rep = await open(repToken, CONSOLE_ORIGIN);
    expect((await rep.next('queue')).entries).toEqual([]);

    const { session, customerToken } = await startChat('Grace <b>Hopper</b>');
    const queued = await rep.next('queue', (q) => q.entries.length === 1);
    expect(queued.entries[0]).toMatchObject({ sessionId: session.id, customerName: 'Grace <b>Hopper</b>' });

    const customer = await open(customerToken, CUSTOMER_ORIGIN);
    expect((await customer.next('session')).session.state).toBe('queued');

    const accepted = await rep.request({ type: 'session.accept', id: 'a1', sessionId: session.id });
    expect(accepted).toMatchObject({ type: 'reply', session: { state: 'active', repName: 'Administrator' } });
    expect((await rep.next('queue', (q) => q.entries.length === 0)).entries).toEqual([]);
    expect((await customer.next('session', (s) => s.session.state === 'active')).session.repName).toBe('Administrator');

    const sent = await customer.request({ type: 'chat.send', id: 'c1', sessionId: session.id, text: 'My printer is on fire' });
    expect(sent.type).toBe('reply');
    // Acknowledged means stored: the transcript already has it.
    const transcript = await api<TranscriptResponse>(srv.url, `/api/sessions/${session.id}/transcript`, { token: repToken });
    expect(transcript.body.messages.map((m) => m.text)).toContain('My printer is on fire');
    expect((await rep.next('chat', (c) => c.message.author === 'customer')).message.text).toBe('My printer is on fire');

    await rep.request({ type: 'chat.send', id: 'r1', sessionId: session.id, text: 'Step away from it.' });
    expect((await customer.next('chat', (c) => c.message.author === 'rep')).message).toMatchObject({ authorName: 'Administrator', text: 'Step away from it.' });

    const closed = await rep.request({ type: 'session.end', id: 'e1', sessionId: session.id, mode: 'close' });
    expect(closed).toMatchObject({ type: 'reply', session: { state: 'closed', endReason: 'rep_closed' } });
    expect((await customer.next('session', (s) => s.session.state === 'closed')).session.endReason).toBe('rep_closed');
    const late = await customer.request({ type: 'chat.send', id: 'c2', sessionId: session.id, text: 'hello?' });
    expect(late).toMatchObject({ type: 'error', code: 'invalid_state' });

    const final = await api<TranscriptResponse>(srv.url, `/api/sessions/${session.id}/transcript`, { token: repToken });
    expect(final.body.messages.map((m) => [m.author, m.text])).toEqual([
      ['system', 'Administrator joined the session.'],
      ['customer', 'My printer is on fire'],
      ['rep', 'Step away from it.'],
      ['system', 'Administrator closed the session.'],
    ]);
    expect(final.body.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it('gives a reconnecting customer and representative the whole conversation again', async () => {
    const repToken = await login(srv.url);
    const rep = await open(repToken, CONSOLE_ORIGIN);
    const { session, customerToken } = await startChat('Linus');
    const customer = await open(customerToken, CUSTOMER_ORIGIN);
    await rep.request({ type: 'session.accept', id: 'a', sessionId: session.id });
    await customer.request({ type: 'chat.send', id: 'c', sessionId: session.id, text: 'first' });
    customer.close();
    rep.close();
    const again = await open(customerToken, CUSTOMER_ORIGIN);
    const snapshot = await again.next('session');
    expect(snapshot.messages?.map((m) => m.text)).toEqual(['Administrator joined the session.', 'first']);
    const repAgain = await open(repToken, CONSOLE_ORIGIN);
    expect((await repAgain.next('session')).messages?.map((m) => m.text)).toContain('first');
  });

  it('tells the representative when the customer closes the chat and does not come back', async () => {
    const rep = await open(await login(srv.url), CONSOLE_ORIGIN);
    const { session, customerToken } = await startChat('Margaret');
    const customer = await open(customerToken, CUSTOMER_ORIGIN);
    await rep.request({ type: 'session.accept', id: 'a', sessionId: session.id });
    customer.close();
    const ended = await rep.next('session', (s) => s.session.state === 'closed');
    expect(ended.session.endReason).toBe('customer_left');
    expect((await rep.next('chat', (c) => c.message.author === 'system' && c.message.text.includes('left'))).message.text).toBe(
      'The customer has left the conversation.',
    );
  });

  it('lets only one representative accept a session', async () => {
    await addRep(srv.store, 'bob', 'bob-password-1', 'Bob');
    const a = await open(await login(srv.url), CONSOLE_ORIGIN);
    const b = await open(await login(srv.url, 'bob', 'bob-password-1'), CONSOLE_ORIGIN);
    const { session } = await startChat('Ken');
    const answers = await Promise.all([
      a.request({ type: 'session.accept', id: 'x', sessionId: session.id }),
      b.request({ type: 'session.accept', id: 'y', sessionId: session.id }),
    ]);
    expect(answers.map((r) => r.type).sort()).toEqual(['error', 'reply']);
    expect(answers.find((r) => r.type === 'error')).toMatchObject({ code: 'conflict' });
    // The loser cannot post into someone else's session.
    const loser = answers[0]?.type === 'error' ? a : b;
    expect(await loser.request({ type: 'chat.send', id: 'z', sessionId: session.id, text: 'hi' })).toMatchObject({ code: 'not_found' });
  });

  it('refuses representative requests from a customer', async () => {
    const { session, customerToken } = await startChat('Eve');
    const customer = await open(customerToken, CUSTOMER_ORIGIN);
    expect(await customer.request({ type: 'session.accept', id: '1', sessionId: session.id })).toMatchObject({ type: 'error', code: 'forbidden' });
    const other = await startChat('Mallory');
    expect(await customer.request({ type: 'session.leave', id: '2', sessionId: other.session.id })).toMatchObject({ code: 'not_found' });
  });
});

describe('bad input on the live socket', () => {
  it('answers malformed, unknown, early and oversized frames with typed errors and stays up', async () => {
    const { customerToken, session } = await startChat('Fuzz');
    const c = await open(customerToken, CUSTOMER_ORIGIN, false);
    c.send({ type: 'chat.send', id: 'early', sessionId: session.id, text: 'x' });
    expect(await c.next('error')).toMatchObject({ id: 'early', code: 'handshake_required' });
    c.send({ type: 'hello', v: PROTOCOL_VERSION });
    await c.next('welcome');
    c.send('{not json');
    expect(await c.next('error')).toMatchObject({ id: null, code: 'bad_json' });
    c.send({ type: 'session.explode' });
    expect(await c.next('error')).toMatchObject({ code: 'unknown_type' });
    c.send({ type: 'chat.send', id: 5, sessionId: session.id });
    expect(await c.next('error')).toMatchObject({ code: 'bad_message' });
    c.send({ type: 'chat.send', id: 'big', sessionId: session.id, text: 'x'.repeat(200_000) });
    expect(await c.next('error')).toMatchObject({ code: 'too_large' });
    c.ws.send(Buffer.from([1, 2, 3]));
    expect(await c.next('error')).toMatchObject({ code: 'bad_message' });
    // Still serving after all that.
    expect(await c.request({ type: 'chat.send', id: 'ok', sessionId: session.id, text: 'still here' })).toMatchObject({ type: 'reply' });
    expect((await api(srv.url, '/healthz')).status).toBe(200);
  });

  it('closes frames over the hard limit without crashing', async () => {
    const { customerToken } = await startChat('Huge');
    const c = await open(customerToken, CUSTOMER_ORIGIN);
    c.send('x'.repeat(2 * 1024 * 1024));
    expect((await c.closed).code).toBe(1009);
    expect((await api(srv.url, '/healthz')).status).toBe(200);
  });

  it('answers another protocol version with incompatible and closes', async () => {
    const { customerToken } = await startChat('Old');
    const c = await open(customerToken, CUSTOMER_ORIGIN, false);
    c.send({ type: 'hello', v: PROTOCOL_VERSION + 1 });
    expect(await c.next('incompatible')).toMatchObject({ v: PROTOCOL_VERSION });
    expect((await c.closed).code).toBe(4006);
  });
});

describe('socket upgrades', () => {
  const protocols = (token: string) => [LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX + token];

  it('refuses foreign, null and missing origins, and bad tokens', async () => {
    const token = await login(srv.url);
    const url = `${srv.url.replace('http', 'ws')}/api/ws`;
    expect(await upgradeStatus(url, protocols(token), { origin: CONSOLE_ORIGIN })).toBe(101);
    expect(await upgradeStatus(url, protocols(token), { origin: srv.url })).toBe(101);
    expect(await upgradeStatus(url, protocols(token), { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(url, protocols(token), { origin: 'null' })).toBe(403);
    expect(await upgradeStatus(url, protocols(token), {})).toBe(403);
    expect(await upgradeStatus(url, protocols('forged'), { origin: CONSOLE_ORIGIN })).toBe(401);
    expect(await upgradeStatus(url, [LIVE_SUBPROTOCOL], { origin: CONSOLE_ORIGIN })).toBe(401);
    expect(await upgradeStatus(`${srv.url.replace('http', 'ws')}/elsewhere`, protocols(token), { origin: CONSOLE_ORIGIN })).toBe(404);
  });

  it('refuses a closed session’s customer token', async () => {
    const { session, customerToken } = await startChat('Gone');
    const c = await open(customerToken, CUSTOMER_ORIGIN);
    await c.request({ type: 'session.leave', id: 'l', sessionId: session.id });
    const url = `${srv.url.replace('http', 'ws')}/api/ws`;
    expect(await upgradeStatus(url, protocols(customerToken), { origin: CUSTOMER_ORIGIN })).toBe(401);
  });
});
