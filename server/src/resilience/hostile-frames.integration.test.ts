import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, type CreateSessionResponse, type PeerCredentials } from '@rs/protocol';
import { api, CUSTOMER_ORIGIN, TestClient } from '../testing.ts';
import { useTestServer } from '../testing-hooks.ts';
import { captureLogs } from '../observability/log.ts';

const t = useTestServer({ CUSTOMER_GRACE_MS: '60000' });

/** An open PeerJS socket for a queued customer (anyone can be one), after its OPEN. */
async function queuedCustomerPeer(): Promise<WebSocket> {
  const { body } = await api<CreateSessionResponse>(t.srv.url, '/api/sessions', { body: { customerName: 'Pat' } });
  const creds = await api<PeerCredentials>(t.srv.url, `/api/sessions/${body.session.id}/peer`, { token: body.customerToken });
  const url = `${t.srv.url.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${creds.body.peerId}&token=${creds.body.peerToken}&version=1.5.5`;
  const ws = new WebSocket(url, { origin: CUSTOMER_ORIGIN });
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

const closeOf = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));

async function stillServing(): Promise<void> {
  const res = await api<{ ok: boolean }>(t.srv.url, '/healthz');
  expect(res.body.ok).toBe(true);
}

describe('one hostile frame closes at most its own socket', () => {
  it('a non-JSON PeerJS frame closes that socket with a reason; the server and other sockets go on', async () => {
    const bystander = await queuedCustomerPeer();
    for (const frame of ['not json', '{"type":"OFFER","dst":{"toString":1}}', '42', 'null', '{"type":{"toString":1}}']) {
      const ws = await queuedCustomerPeer();
      const closed = closeOf(ws);
      ws.send(frame);
      const { code, reason } = await closed;
      expect(code, frame).toBe(1008);
      expect(reason, frame).toMatch(/^bad PeerJS frame: /);
    }
    expect(bystander.readyState).toBe(WebSocket.OPEN);
    bystander.send(JSON.stringify({ type: 'HEARTBEAT' }));
    await stillServing();
    bystander.close();
  });

  it('a PeerJS frame over the socket cap, invalid UTF-8, binary, or nesting too deep closes only that socket', async () => {
    const deep = `{"type":"OFFER","dst":"${'a'.repeat(32)}","payload":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const cases: Array<[string, (ws: WebSocket) => void]> = [
      ['over maxPayload', (ws) => ws.send('x'.repeat(300 * 1024))],
      ['invalid UTF-8', (ws) => ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false })],
      ['binary', (ws) => ws.send(Buffer.from('{"type":"HEARTBEAT"}'), { binary: true })],
      ['deep payload', (ws) => ws.send(deep)],
    ];
    for (const [what, send] of cases) {
      const ws = await queuedCustomerPeer();
      const closed = closeOf(ws);
      send(ws);
      const { code } = await closed;
      expect([1007, 1008, 1009], what).toContain(code);
    }
    await stillServing();
  });

  it('a live frame whose type has its own toString gets a typed error, and the socket goes on', async () => {
    const { body } = await api<CreateSessionResponse>(t.srv.url, '/api/sessions', { body: { customerName: 'Pat' } });
    const customer = await t.open(body.customerToken, CUSTOMER_ORIGIN);
    customer.send('{"type":{"toString":1}}');
    expect(await customer.next('error')).toMatchObject({ code: 'unknown_type', id: null });
    customer.send({ type: { toString: 'x', valueOf: 'y' }, id: '2' });
    expect(await customer.next('error')).toMatchObject({ code: 'unknown_type' });
    const reply = await customer.request({ type: 'chat.send', id: '3', sessionId: body.session.id, text: 'still here' });
    expect(reply.type).toBe('reply');
    await stillServing();
  });
});

describe('an unexpected failure in a socket handler', () => {
  it('is answered `internal` with a correlation id that is also in the log, and the socket goes on', async () => {
    const { body } = await api<CreateSessionResponse>(t.srv.url, '/api/sessions', { body: { customerName: 'Pat' } });
    const logged = captureLogs();
    // A database failure while the welcome is built (fault injected into the real service).
    const snapshots = vi.spyOn(t.srv.sessions, 'snapshotsFor').mockRejectedValueOnce(new Error('database went away'));
    try {
      const customer = await TestClient.open(t.srv.url, body.customerToken, CUSTOMER_ORIGIN, false);
      t.track(customer);
      customer.send({ type: 'hello', v: PROTOCOL_VERSION });
      const error = await customer.next('error');
      expect(error).toMatchObject({ code: 'internal', id: null });
      const ref = /\(ref ([0-9a-f]{12})\)$/.exec(error.message)?.[1];
      expect(ref).toBeDefined();
      expect(logged.lines).toContainEqual(expect.objectContaining({ level: 'error', ref, socketId: expect.any(String), err: expect.objectContaining({ message: 'database went away' }) }));
      const reply = await customer.request({ type: 'chat.send', id: '1', sessionId: body.session.id, text: 'still here' });
      expect(reply.type).toBe('reply');
    } finally {
      snapshots.mockRestore();
      logged.restore();
    }
  });
});
