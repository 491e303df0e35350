import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { CreateSessionResponse, PeerCredentials } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient } from '../testing.ts';

const BUDGET = 64 * 1024;
const SIGNAL_BUDGET = 512 * 1024;
let srv: Awaited<ReturnType<typeof startTestServer>>;
const sockets: WebSocket[] = [];
beforeEach(async () => {
  srv = await startTestServer({ CUSTOMER_GRACE_MS: '60000', PEER_ABSENT_BYTES: String(BUDGET), PEER_SIGNAL_BYTES_PER_MINUTE: String(SIGNAL_BUDGET) });
});
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await srv.close();
});

async function openPeer(creds: PeerCredentials, origin: string): Promise<{ ws: WebSocket; frames: string[]; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(`${srv.url.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${creds.peerId}&token=${creds.peerToken}&version=1.5.5`, { origin });
  sockets.push(ws);
  const frames: string[] = [];
  ws.on('message', (data) => frames.push(data.toString()));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, frames, closed };
}

const offer = (dst: string, n: number) => JSON.stringify({ type: 'OFFER', dst, payload: { sdp: 'v=0 '.repeat(n / 4), type: 'offer' } });

/** An accepted session whose customer and representative both hold an open PeerJS socket. */
async function bothSidesConnected() {
  const { body } = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Pat' } });
  const repToken = await login(srv.url);
  const console_ = await TestClient.open(srv.url, repToken, CONSOLE_ORIGIN);
  await console_.request({ type: 'session.accept', id: 'a', sessionId: body.session.id });
  console_.close();
  const customerCreds = await api<PeerCredentials>(srv.url, `/api/sessions/${body.session.id}/peer`, { token: body.customerToken });
  const repCreds = await api<PeerCredentials>(srv.url, `/api/sessions/${body.session.id}/peer`, { token: repToken });
  const customer = await openPeer(customerCreds.body, CUSTOMER_ORIGIN);
  const rep = await openPeer(repCreds.body, CONSOLE_ORIGIN);
  // The peer server registers the rep's id on its OPEN; frames before that would be queued.
  while (!rep.frames.some((f) => f.includes('"OPEN"'))) await new Promise((r) => setTimeout(r, 10));
  return { customer, rep, repCreds };
}

describe('PeerJS frames addressed to peers that are not connected', () => {
  it('close the sender once they pass PEER_ABSENT_BYTES (the peer server would hold each one for seconds)', async () => {
    const { body } = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Mallory' } });
    const creds = await api<PeerCredentials>(srv.url, `/api/sessions/${body.session.id}/peer`, { token: body.customerToken });
    const customer = await openPeer(creds.body, CUSTOMER_ORIGIN);
    // Ten times the budget, each frame to another id nobody holds: without a bound every one is queued.
    for (let i = 0; i < 40 && customer.ws.readyState === WebSocket.OPEN; i++) customer.ws.send(offer(`nobody${i}`, 16 * 1024));
    expect(await customer.closed).toEqual({ code: 4029, reason: 'too much signalling for peers not connected' });
  });

  it('do not count frames to the connected other side against PEER_ABSENT_BYTES', async () => {
    const { customer, rep, repCreds } = await bothSidesConnected();
    for (let i = 0; i < 12; i++) customer.ws.send(offer(repCreds.body.peerId, 16 * 1024));
    while (rep.frames.filter((f) => f.includes('"OFFER"')).length < 12) {
      if (customer.ws.readyState !== WebSocket.OPEN) throw new Error('the customer was closed');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(customer.ws.readyState).toBe(WebSocket.OPEN);
  });

  // The receiver's socket closes once SOCKET_MAX_BUFFERED_BYTES wait for it, so a sender faster than the
  // representative's downlink would get the representative's signalling closed, and their browser handles every OFFER.
  it('past PEER_SIGNAL_BYTES_PER_MINUTE, frames even to the connected other side close the sender, not the receiver', async () => {
    const { customer, rep, repCreds } = await bothSidesConnected();
    for (let i = 0; i < 40 && customer.ws.readyState === WebSocket.OPEN; i++) customer.ws.send(offer(repCreds.body.peerId, 64 * 1024));
    expect(await customer.closed).toEqual({ code: 4029, reason: 'too much signalling' });
    const relayed = rep.frames.filter((f) => f.includes('"OFFER"')).length;
    expect(relayed).toBeLessThanOrEqual(SIGNAL_BUDGET / (64 * 1024));
    expect(rep.ws.readyState).toBe(WebSocket.OPEN);
  });
});
