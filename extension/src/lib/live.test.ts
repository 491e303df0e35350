import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, ProtocolError } from '@rs/protocol';
import { LiveClient, type LiveNotice, type LiveStatus } from './live.ts';
import { fakeSocketFactory, type FakeSocket } from './fake-socket.ts';

const SESSION_ID = 'sess_0001abcd';
const welcome = { type: 'welcome', v: PROTOCOL_VERSION, role: 'customer', serverTime: 1_000, rep: null, sessionId: SESSION_ID };
const chatLine = {
  id: 'msg_0001abcd',
  sessionId: SESSION_ID,
  seq: 1,
  author: 'customer',
  authorName: 'Ada',
  text: 'hello',
  at: 1_000,
};

function setup(extra: Partial<ConstructorParameters<typeof LiveClient>[0]> = {}) {
  const fake = fakeSocketFactory();
  const client = new LiveClient({ url: 'ws://server/api/ws', token: 'tok123', createSocket: fake.factory, ...extra });
  return { client, fake };
}

function handshake(socket: FakeSocket): void {
  socket.serverOpen();
  socket.serverSend(welcome);
}

describe('LiveClient', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('offers the live subprotocol and the token, and sends hello first', () => {
    const { client, fake } = setup();
    const socket = fake.latest();
    expect(socket.protocols).toEqual(['rs.live', 'auth.tok123']);
    expect(socket.url).toBe('ws://server/api/ws');
    socket.serverOpen();
    expect(socket.sent).toEqual([{ type: 'hello', v: PROTOCOL_VERSION }]);
    expect(client.status).toBe('connecting');
    socket.serverSend(welcome);
    expect(client.status).toBe('open');
    expect(client.welcome?.sessionId).toBe(SESSION_ID);
    client.close();
  });

  it('refuses requests before the welcome', async () => {
    const { client, fake } = setup();
    fake.latest().serverOpen();
    await expect(client.request({ type: 'session.leave', sessionId: SESSION_ID })).rejects.toMatchObject({ code: 'closed' });
    expect(fake.latest().sent).toHaveLength(1);
    client.close();
  });

  it('correlates replies and errors with their requests by id', async () => {
    const { client, fake } = setup();
    const socket = fake.latest();
    handshake(socket);
    const first = client.request({ type: 'chat.send', sessionId: SESSION_ID, text: 'one' });
    const firstId = socket.last().id;
    const second = client.request({ type: 'chat.send', sessionId: SESSION_ID, text: 'two' });
    const secondId = socket.last().id;
    expect(firstId).not.toBe(secondId);
    expect(socket.last()).toMatchObject({ type: 'chat.send', text: 'two' });

    socket.serverSend({ type: 'error', id: secondId, code: 'invalid_state', message: 'the session is closed' });
    socket.serverSend({ type: 'reply', id: firstId, message: chatLine });

    await expect(first).resolves.toMatchObject({ id: firstId, message: { text: 'hello' } });
    const error = await second.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: 'invalid_state', message: 'the session is closed' });
    client.close();
  });

  it('rejects a request that gets no answer with a timeout', async () => {
    const { client, fake } = setup({ requestTimeoutMs: 10_000 });
    handshake(fake.latest());
    const pending = client.request({ type: 'session.leave', sessionId: SESSION_ID });
    const outcome = pending.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(9_999);
    let settled = false;
    void pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ code: 'timeout' });
    client.close();
  });

  it('close() rejects every pending request with closed, once, and stops', async () => {
    const { client, fake } = setup();
    const socket = fake.latest();
    handshake(socket);
    const statuses: LiveStatus[] = [];
    const reasons: ProtocolError[] = [];
    client.onStatus((s) => statuses.push(s));
    client.onClosed((r) => reasons.push(r));
    const a = client.request({ type: 'session.leave', sessionId: SESSION_ID }).catch((e: unknown) => e);
    const b = client.request({ type: 'chat.send', sessionId: SESSION_ID, text: 'x' }).catch((e: unknown) => e);
    client.close();
    client.close();
    expect(await a).toMatchObject({ code: 'closed' });
    expect(await b).toMatchObject({ code: 'closed' });
    expect(socket.closedWith).toBe(1000);
    expect(statuses).toEqual(['closed']);
    expect(reasons).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.sockets).toHaveLength(1);
  });

  it('an aborted signal closes the client', () => {
    const controller = new AbortController();
    const { client, fake } = setup({ signal: controller.signal });
    handshake(fake.latest());
    controller.abort();
    expect(client.status).toBe('closed');
    expect(fake.latest().closedWith).toBe(1000);
  });

  it('drops unreadable server frames and keeps going', () => {
    const { client, fake } = setup();
    const socket = fake.latest();
    handshake(socket);
    const notices: LiveNotice[] = [];
    client.onNotice((n) => notices.push(n));
    socket.serverSend('not json {');
    socket.serverSend({ type: 'nonsense' });
    socket.serverSend({ type: 'chat', message: { ...chatLine, seq: -4 } });
    socket.serverSend({ type: 'chat', message: chatLine });
    expect(notices).toEqual([{ type: 'chat', message: chatLine }]);
    expect(client.status).toBe('open');
    client.close();
  });

  it('delivers queue, session and chat notices to subscribers', () => {
    const { client, fake } = setup();
    const socket = fake.latest();
    handshake(socket);
    const types: string[] = [];
    client.onNotice((n) => types.push(n.type));
    socket.serverSend({ type: 'queue', entries: [], serverTime: 5 });
    socket.serverSend({ type: 'chat', message: chatLine });
    expect(types).toEqual(['queue', 'chat']);
    client.close();
  });

  it('keeps the latest permissions and elevation notice of each session, for views that mount later', () => {
    const { client, fake } = setup();
    const socket = fake.latest();
    handshake(socket);
    expect(client.latest('elevation', SESSION_ID)).toBeNull();
    socket.serverSend({ type: 'elevation', sessionId: SESSION_ID, state: 'requested', repName: 'Ann' });
    socket.serverSend({ type: 'elevation', sessionId: SESSION_ID, state: 'connected', repName: 'Ann' });
    socket.serverSend({ type: 'permissions', sessionId: SESSION_ID, permissions: [{ kind: 'view', state: 'granted', by: 'customer', at: 2 }] });
    expect(client.latest('elevation', SESSION_ID)?.state).toBe('connected');
    expect(client.latest('permissions', SESSION_ID)?.permissions).toHaveLength(1);
    expect(client.latest('elevation', 'sess_other0001')).toBeNull();
    client.close();
  });

  it('reconnects with growing backoff and says hello again', async () => {
    const { client, fake } = setup({ minBackoffMs: 500, maxBackoffMs: 5_000 });
    handshake(fake.latest());
    const pending = client.request({ type: 'session.leave', sessionId: SESSION_ID }).catch((e: unknown) => e);
    fake.latest().serverClose(1006);
    expect(await pending).toMatchObject({ code: 'closed' });
    expect(client.status).toBe('connecting');

    await vi.advanceTimersByTimeAsync(499);
    expect(fake.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.sockets).toHaveLength(2);
    fake.latest().serverClose(1006);
    await vi.advanceTimersByTimeAsync(999);
    expect(fake.sockets).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.sockets).toHaveLength(3);

    const socket = fake.latest();
    socket.serverOpen();
    expect(socket.sent).toEqual([{ type: 'hello', v: PROTOCOL_VERSION }]);
    socket.serverSend(welcome);
    expect(client.status).toBe('open');
    client.close();
  });

  it('stops for good on incompatible and keeps the server message', async () => {
    const { client, fake } = setup();
    const socket = fake.latest();
    socket.serverOpen();
    socket.serverSend({ type: 'incompatible', v: 2, message: 'Please update the extension.' });
    socket.serverClose(4006);
    expect(client.status).toBe('closed');
    expect(client.closeReason).toMatchObject({ code: 'incompatible', message: 'Please update the extension.' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.sockets).toHaveLength(1);
  });

  it('gives up when the app says the credentials were refused', async () => {
    const { client, fake } = setup({ isRejected: async () => true });
    fake.latest().serverClose(1006);
    await vi.advanceTimersByTimeAsync(0);
    expect(client.status).toBe('closed');
    expect(client.closeReason?.code).toBe('unauthorized');
  });

  it('keeps retrying when the server is merely away', async () => {
    const { client, fake } = setup({ isRejected: async () => false });
    fake.latest().serverClose(1006);
    await vi.advanceTimersByTimeAsync(500);
    expect(client.status).toBe('connecting');
    expect(fake.sockets).toHaveLength(2);
    client.close();
  });

  it('retries a socket that opened but never said welcome, without doubting the credentials', async () => {
    let asked = 0;
    const { client, fake } = setup({ requestTimeoutMs: 1_000, isRejected: async () => (asked++, true) });
    fake.latest().serverOpen();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.sockets[0]!.closedWith).toBe(4000);
    await vi.advanceTimersByTimeAsync(500);
    expect(fake.sockets).toHaveLength(2);
    expect(asked).toBe(0);
    expect(client.status).toBe('connecting');
    client.close();
  });
});
