import { describe, expect, it } from 'vitest';
import { CHAT_TEXT_MAX, type CreateSessionResponse, type PeerCredentials } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, TestClient, upgradeStatus } from '../testing.ts';
import { useTestServer } from '../testing-hooks.ts';

// Small limits so each one is reached in a few requests; a long grace keeps sessions open while a test sets up.
const t = useTestServer({
  CUSTOMER_GRACE_MS: '60000',
  CHAT_QUEUED_PER_MINUTE: '3',
  CHAT_PER_MINUTE: '1000',
  TRANSCRIPT_MAX_LINES: '8',
  HELLO_TRANSCRIPT_LINES: '3',
  CHAT_HISTORY_PER_MINUTE: '4',
  LIVE_SOCKETS_PER_SESSION: '2',
  LIVE_SOCKETS_PER_REP: '2',
  PEER_SOCKETS_PER_SIDE: '1',
  // The not-reading PeerJS test relays 24 MB of signalling; the sender's own budget would close it first.
  PEER_SIGNAL_BYTES_PER_MINUTE: String(64 * 1024 * 1024),
});

async function queued(name = 'Ada') {
  return (await api<CreateSessionResponse>(t.srv.url, '/api/sessions', { body: { customerName: name } })).body;
}

async function active() {
  const { session, customerToken } = await queued();
  const repToken = await login(t.srv.url);
  const rep = await t.open(repToken, CONSOLE_ORIGIN);
  const customer = await t.open(customerToken, CUSTOMER_ORIGIN);
  expect(await rep.request({ type: 'session.accept', id: 'a', sessionId: session.id })).toMatchObject({ type: 'reply' });
  return { sessionId: session.id, rep, customer, repToken, customerToken };
}

const say = (c: TestClient, sessionId: string, id: string, text = `line ${id}`) => c.request({ type: 'chat.send', id, sessionId, text });

describe('chat limits', () => {
  it('refuses a chat flood from a queued customer with rate_limited and retryAfterMs', async () => {
    const { session, customerToken } = await queued();
    const customer = await t.open(customerToken, CUSTOMER_ORIGIN);
    for (const id of ['1', '2', '3']) expect(await say(customer, session.id, id)).toMatchObject({ type: 'reply' });
    const refused = await say(customer, session.id, '4');
    expect(refused).toMatchObject({ type: 'error', code: 'rate_limited' });
    expect(refused.type === 'error' && refused.retryAfterMs).toBeGreaterThan(0);
    const transcript = await api<{ messages: unknown[] }>(t.srv.url, `/api/sessions/${session.id}/transcript`, { token: await login(t.srv.url) });
    expect(transcript.body.messages).toHaveLength(3);
  });

  it('refuses an over-long line at the parser, before it costs a line of the budget or a write', async () => {
    const { session, customerToken } = await queued();
    const customer = await t.open(customerToken, CUSTOMER_ORIGIN);
    for (let i = 0; i < 5; i++) {
      customer.send({ type: 'chat.send', id: `long${i}`, sessionId: session.id, text: 'x'.repeat(CHAT_TEXT_MAX + 1) });
      expect(await customer.next('error')).toMatchObject({ id: null, code: 'bad_message' });
    }
    for (const id of ['1', '2', '3']) expect(await say(customer, session.id, id)).toMatchObject({ type: 'reply' });
    const transcript = await api<{ messages: unknown[] }>(t.srv.url, `/api/sessions/${session.id}/transcript`, { token: await login(t.srv.url) });
    expect(transcript.body.messages).toHaveLength(3);
  });

  it('caps the transcript with limit_reached, and still writes the closing line', async () => {
    const { sessionId, rep, repToken } = await active();
    // One system line ("joined") is already there.
    for (let i = 0; i < 7; i++) expect(await say(rep, sessionId, `r${i}`)).toMatchObject({ type: 'reply' });
    expect(await say(rep, sessionId, 'over')).toMatchObject({ type: 'error', code: 'limit_reached' });
    expect(await rep.request({ type: 'session.end', id: 'e', sessionId, mode: 'close' })).toMatchObject({ type: 'reply', session: { state: 'closed' } });
    const transcript = await api<{ messages: { author: string; text: string }[] }>(t.srv.url, `/api/sessions/${sessionId}/transcript`, { token: repToken });
    expect(transcript.body.messages).toHaveLength(9);
    expect(transcript.body.messages.at(-1)).toMatchObject({ author: 'system', text: expect.stringContaining('closed the session') });
  });

  it('sends only the recent lines on hello, says there are earlier ones, and pages back with chat.history', async () => {
    const { sessionId, rep, customerToken } = await active();
    for (let i = 1; i <= 6; i++) await say(rep, sessionId, `r${i}`, `line ${i}`);
    const again = await t.open(customerToken, CUSTOMER_ORIGIN);
    const snapshot = await again.next('session');
    expect(snapshot.messages?.map((m) => m.text)).toEqual(['line 4', 'line 5', 'line 6']);
    expect(snapshot.earlier).toBe(true);
    const older = await again.request({ type: 'chat.history', id: 'h', sessionId, beforeSeq: snapshot.messages![0]!.seq, limit: 2 });
    expect(older).toMatchObject({ type: 'reply', earlier: true });
    expect(older.type === 'reply' && older.messages?.map((m) => m.text)).toEqual(['line 2', 'line 3']);
    const first = await again.request({ type: 'chat.history', id: 'h2', sessionId, beforeSeq: 3, limit: 200 });
    expect(first).toMatchObject({ type: 'reply', earlier: false });
    expect(first.type === 'reply' && first.messages?.map((m) => m.seq)).toEqual([1, 2]);
    // A bounded page, and only for a party of the session.
    again.send({ type: 'chat.history', id: 'h3', sessionId, beforeSeq: 3, limit: 100_000 });
    expect(await again.next('error')).toMatchObject({ code: 'bad_message', message: expect.stringContaining('limit') });
    const stranger = await t.open((await queued('Eve')).customerToken, CUSTOMER_ORIGIN);
    expect(await stranger.request({ type: 'chat.history', id: 'h4', sessionId, beforeSeq: 3, limit: 2 })).toMatchObject({ type: 'error', code: 'not_found' });
  });

  it('gives each party a budget of chat.history pages', async () => {
    const { sessionId, customer, rep } = await active();
    for (let i = 0; i < 4; i++) expect(await customer.request({ type: 'chat.history', id: `p${i}`, sessionId, beforeSeq: 2, limit: 1 })).toMatchObject({ type: 'reply' });
    const refused = await customer.request({ type: 'chat.history', id: 'p4', sessionId, beforeSeq: 2, limit: 1 });
    expect(refused).toMatchObject({ type: 'error', code: 'rate_limited' });
    expect(refused.type === 'error' && refused.retryAfterMs).toBeGreaterThan(0);
    // The other party's budget is its own.
    expect(await rep.request({ type: 'chat.history', id: 'r0', sessionId, beforeSeq: 2, limit: 1 })).toMatchObject({ type: 'reply' });
  });
});

describe('sockets per session and party', () => {
  it('closes a live socket past the per-session and per-representative limits with 4029, and counts sockets that never said hello', async () => {
    const { customerToken } = await queued();
    await t.open(customerToken, CUSTOMER_ORIGIN);
    const silent = await TestClient.open(t.srv.url, customerToken, CUSTOMER_ORIGIN, false);
    t.track(silent);
    const over = await TestClient.open(t.srv.url, customerToken, CUSTOMER_ORIGIN, false);
    expect(await over.closed).toEqual({ code: 4029 });
    // A place comes free when a socket closes.
    silent.close();
    await silent.closed;
    await t.open(customerToken, CUSTOMER_ORIGIN);
    const repToken = await login(t.srv.url);
    await t.open(repToken, CONSOLE_ORIGIN);
    await t.open(repToken, CONSOLE_ORIGIN);
    const overRep = await TestClient.open(t.srv.url, repToken, CONSOLE_ORIGIN, false);
    expect(await overRep.closed).toEqual({ code: 4029 });
  });

  it('refuses a PeerJS socket past the per-side limit', async () => {
    const { sessionId, customerToken } = await active();
    const creds = await api<PeerCredentials>(t.srv.url, `/api/sessions/${sessionId}/peer`, { token: customerToken });
    const url = `${t.srv.url.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${creds.body.peerId}&token=${creds.body.peerToken}&version=1.5.5`;
    const { WebSocket } = await import('ws');
    const first = new WebSocket(url, { origin: CUSTOMER_ORIGIN });
    await new Promise((resolve, reject) => first.once('open', resolve).once('error', reject));
    try {
      expect(await upgradeStatus(url, [], { origin: CUSTOMER_ORIGIN })).toBe(429);
    } finally {
      first.close();
    }
  });

  it('closes a PeerJS socket that stops reading while the peer server sends to it', async () => {
    const { sessionId, customerToken, repToken } = await active();
    const { WebSocket } = await import('ws');
    const open = async (token: string, origin: string) => {
      const creds = (await api<PeerCredentials>(t.srv.url, `/api/sessions/${sessionId}/peer`, { token })).body;
      const ws = new WebSocket(`${t.srv.url.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${creds.peerId}&token=${creds.peerToken}&version=1.5.5`, { origin });
      await new Promise<void>((resolve, reject) => ws.once('message', () => resolve()).once('error', reject));
      return { ws, id: creds.peerId };
    };
    const customer = await open(customerToken, CUSTOMER_ORIGIN);
    const rep = await open(repToken, CONSOLE_ORIGIN);
    const closed = new Promise<number>((resolve) => customer.ws.once('close', (code) => resolve(code)));
    (customer.ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
    // About 24 MB of signalling relayed towards a customer socket that reads nothing (the limit is 4 MiB),
    // in frames under the PeerJS frame gate's PEERJS_FRAME_MAX_CHARS.
    const payload = { sdp: 'x'.repeat(120 * 1024) };
    for (let i = 0; i < 200; i++) rep.ws.send(JSON.stringify({ type: 'OFFER', dst: customer.id, payload }));
    // A frame to itself is dropped and counted once the server has handled (and relayed) every one before it.
    const dropped = async () => (await api<{ peerjs: { dropped: number } }>(t.srv.url, '/healthz')).body.peerjs.dropped;
    const before = await dropped();
    rep.ws.send(JSON.stringify({ type: 'OFFER', dst: rep.id, payload: { marker: true } }));
    while ((await dropped()) === before) await new Promise((r) => setTimeout(r, 20));
    // Reading again, the customer finds the server closed it rather than kept buffering.
    (customer.ws as unknown as { _socket: import('node:net').Socket })._socket.resume();
    expect([4008, 1006]).toContain(await closed);
    rep.ws.close();
  }, 30_000);
});
