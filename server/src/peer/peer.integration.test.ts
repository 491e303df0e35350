import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { CreateSessionResponse, PeerCredentials } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient, upgradeStatus } from '../testing.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeEach(async () => {
  // A long grace: these customers never connect, and on a loaded machine the default test grace
  // (300 ms) could close their session before the test has asked for peer ids.
  srv = await startTestServer({ CUSTOMER_GRACE_MS: '60000' });
});
afterEach(async () => {
  await srv.close();
});

const peerUrl = (id: string, token: string) => `${srv.url.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${id}&token=${token}&version=1.5.5`;

/** Connects as the peerjs client does and returns the first signalling message. */
function firstPeerMessage(url: string, origin: string): Promise<{ type: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('message', (data) => {
      resolve(JSON.parse(data.toString()) as { type: string });
      ws.close();
    });
    ws.once('error', reject);
  });
}

async function sessionWithRep() {
  const { body } = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Pat' } });
  const repToken = await login(srv.url);
  const rep = await TestClient.open(srv.url, repToken, CONSOLE_ORIGIN);
  await rep.request({ type: 'session.accept', id: 'a', sessionId: body.session.id });
  rep.close();
  return { sessionId: body.session.id, customerToken: body.customerToken, repToken };
}

describe('PeerJS signalling with server-issued ids', () => {
  it('issues each side an id bound to the session, and lets it connect', async () => {
    const { sessionId, customerToken, repToken } = await sessionWithRep();
    const customer = await api<PeerCredentials>(srv.url, `/api/sessions/${sessionId}/peer`, { token: customerToken });
    expect(customer.status).toBe(200);
    expect(customer.body.peerId).toMatch(/^[0-9a-f]{32}$/);
    expect(customer.body.remotePeerId).toBeNull();
    const rep = await api<PeerCredentials>(srv.url, `/api/sessions/${sessionId}/peer`, { token: repToken });
    expect(rep.body.remotePeerId).toBe(customer.body.peerId);
    expect(rep.body.peerId).not.toBe(customer.body.peerId);

    expect(await firstPeerMessage(peerUrl(customer.body.peerId, customer.body.peerToken), CUSTOMER_ORIGIN)).toEqual({ type: 'OPEN' });
    expect(await firstPeerMessage(peerUrl(rep.body.peerId, rep.body.peerToken), CONSOLE_ORIGIN)).toEqual({ type: 'OPEN' });
  });

  it('refuses a self-chosen id, a wrong or stale token, and a foreign origin', async () => {
    const { sessionId, customerToken } = await sessionWithRep();
    const first = await api<PeerCredentials>(srv.url, `/api/sessions/${sessionId}/peer`, { token: customerToken });
    const second = await api<PeerCredentials>(srv.url, `/api/sessions/${sessionId}/peer`, { token: customerToken });
    expect(second.body.peerId).toBe(first.body.peerId);
    const h = { origin: CUSTOMER_ORIGIN };
    expect(await upgradeStatus(peerUrl('mychosenid123', 'whatever'), [], h)).toBe(401);
    expect(await upgradeStatus(peerUrl(first.body.peerId, 'guessed'), [], h)).toBe(401);
    expect(await upgradeStatus(peerUrl(first.body.peerId, first.body.peerToken), [], h)).toBe(401);
    expect(await upgradeStatus(peerUrl(second.body.peerId, second.body.peerToken), [], { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(peerUrl(second.body.peerId, second.body.peerToken), [], h)).toBe(101);
  });

  it('issues ids only to the parties of an open session', async () => {
    const { sessionId } = await sessionWithRep();
    expect((await api(srv.url, `/api/sessions/${sessionId}/peer`)).status).toBe(401);
    const stranger = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Other' } });
    expect((await api(srv.url, `/api/sessions/${sessionId}/peer`, { token: stranger.body.customerToken })).status).toBe(401);
    expect((await api(srv.url, '/peerjs/peerjs/id')).status).toBe(403);
  });
});
