import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { addRep, api, CONSOLE_ORIGIN, login, startTestServer, TestClient, upgradeStatus, type TestServer } from '../testing.ts';
import { bothPeers, credentials, openPeer, signal, until } from './peer-testing.ts';

let srv: TestServer;
beforeEach(async () => {
  // These sessions' customers never open a live socket; a long grace keeps them open meanwhile.
  srv = await startTestServer({ CUSTOMER_GRACE_MS: '60000' });
});
afterEach(async () => {
  await srv.close();
});

const HANDED_OVER = { code: 4003, reason: 'the session was handed over' };
const ENDED = { code: 4003, reason: 'the session has ended' };
const SIGNED_OUT = { code: 4003, reason: 'signed out' };

const stats = async () => (await api<{ peerjs?: { relayed: number; dropped: number } }>(srv.url, '/healthz')).body.peerjs;
const peerUrl = (id: string, token: string) => `${srv.url.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${id}&token=${token}&version=1.5.5`;

async function sessionRequest(token: string, message: Record<string, unknown>) {
  const console_ = await TestClient.open(srv.url, token, CONSOLE_ORIGIN);
  const reply = await console_.request({ id: 'r', ...message } as { type: string; id: string });
  console_.close();
  expect(reply.type).toBe('reply');
}

describe('PeerJS signalling only between the two current parties of one session', { timeout: 20_000 }, () => {
  it('drops and counts an OFFER to a peer of another session, and relays one to its own representative', async () => {
    const repToken = await login(srv.url);
    const a = await bothPeers(srv.url, repToken, 'Ada');
    const b = await bothPeers(srv.url, repToken, 'Bo');
    const before = (await stats())?.dropped ?? 0;
    a.customer.ws.send(signal('OFFER', b.customerCreds.peerId, 'to-other-customer'));
    a.customer.ws.send(signal('OFFER', b.repCreds.peerId, 'to-other-rep'));
    a.customer.ws.send(signal('OFFER', a.customerCreds.peerId, 'to-self'));
    a.customer.ws.send(signal('OFFER', a.repCreds.peerId, 'to-own-rep'));
    // Frames of one socket are handled in order: once the last one arrived, the others were decided.
    const mine = await a.rep.frame((f) => f.type === 'OFFER');
    expect(mine).toMatchObject({ src: a.customerCreds.peerId, payload: { connectionId: 'to-own-rep' } });
    expect(b.customer.frames.filter((f) => f.type === 'OFFER')).toEqual([]);
    expect(b.rep.frames.filter((f) => f.type === 'OFFER')).toEqual([]);
    expect(a.customer.frames.filter((f) => f.type === 'OFFER')).toEqual([]);
    await until(stats, (s) => (s?.dropped ?? 0) >= before + 3, 'three dropped frames counted');
    // Dropping a frame is not a reason to close anyone's signalling.
    expect([a.customer.ws.readyState, b.customer.ws.readyState, b.rep.ws.readyState]).toEqual([WebSocket.OPEN, WebSocket.OPEN, WebSocket.OPEN]);
  });
});

describe('PeerJS identity bound to (session, party, representative)', { timeout: 20_000 }, () => {
  it('after hold and takeover: the old representative is closed with the reason, the new one has a new id and gets the OFFER', async () => {
    await addRep(srv.store, 'rose', 'rose password 1234', 'Rose');
    const firstToken = await login(srv.url);
    const secondToken = await login(srv.url, 'rose', 'rose password 1234');
    const { sessionId, customerToken, repCreds: firstCreds, customerCreds, rep: first, customer } = await bothPeers(srv.url, firstToken);

    await sessionRequest(firstToken, { type: 'session.end', sessionId, mode: 'hold' });
    expect(await first.closed).toEqual(HANDED_OVER);
    // The old representative's credentials open nothing any more.
    expect(await upgradeStatus(peerUrl(firstCreds.peerId, firstCreds.peerToken), [], { origin: CONSOLE_ORIGIN })).toBe(401);
    expect(customer.ws.readyState).toBe(WebSocket.OPEN);

    await sessionRequest(secondToken, { type: 'session.accept', sessionId });
    const secondCreds = await credentials(srv.url, sessionId, secondToken);
    expect(secondCreds.peerId).not.toBe(firstCreds.peerId);
    expect(secondCreds.remotePeerId).toBe(customerCreds.peerId);
    expect((await credentials(srv.url, sessionId, customerToken)).remotePeerId).toBe(secondCreds.peerId);
    const second = await openPeer(srv.url, secondCreds, CONSOLE_ORIGIN);
    customer.ws.send(signal('OFFER', secondCreds.peerId, 'share'));
    expect(await second.frame((f) => f.type === 'OFFER')).toMatchObject({ src: customerCreds.peerId, payload: { connectionId: 'share' } });
    // An OFFER to the old representative's id goes nowhere.
    customer.ws.send(signal('OFFER', firstCreds.peerId, 'stale'));
    customer.ws.send(signal('CANDIDATE', secondCreds.peerId, 'after'));
    await second.frame((f) => f.type === 'CANDIDATE');
    expect(second.frames.filter((f) => f.type === 'OFFER')).toHaveLength(1);
  });

  it('after a transfer the old representative is closed and the customer is pointed at the new one', async () => {
    await addRep(srv.store, 'rose', 'rose password 1234', 'Rose');
    const firstToken = await login(srv.url);
    const secondToken = await login(srv.url, 'rose', 'rose password 1234');
    const rose = (await srv.store.repByUsername('rose'))!;
    const { sessionId, customerToken, repCreds: firstCreds, rep: first } = await bothPeers(srv.url, firstToken);
    await sessionRequest(firstToken, { type: 'session.transfer', sessionId, to: { kind: 'rep', repId: rose.id } });
    expect(await first.closed).toEqual(HANDED_OVER);
    const secondCreds = await credentials(srv.url, sessionId, secondToken);
    expect(secondCreds.peerId).not.toBe(firstCreds.peerId);
    expect((await credentials(srv.url, sessionId, customerToken)).remotePeerId).toBe(secondCreds.peerId);
  });

  it('closes both parties when the session ends, and refuses them from then on', async () => {
    const repToken = await login(srv.url);
    const { sessionId, repCreds, customerCreds, rep, customer } = await bothPeers(srv.url, repToken);
    await sessionRequest(repToken, { type: 'session.end', sessionId, mode: 'close' });
    expect(await rep.closed).toEqual(ENDED);
    expect(await customer.closed).toEqual(ENDED);
    expect(await upgradeStatus(peerUrl(customerCreds.peerId, customerCreds.peerToken), [], { origin: CONSOLE_ORIGIN })).toBe(401);
    expect(await upgradeStatus(peerUrl(repCreds.peerId, repCreds.peerToken), [], { origin: CONSOLE_ORIGIN })).toBe(401);
  });

  it('closes a representative who signs out, and one an admin disables', async () => {
    await addRep(srv.store, 'rose', 'rose password 1234', 'Rose');
    const adminToken = await login(srv.url);
    const roseToken = await login(srv.url, 'rose', 'rose password 1234');
    const rose = (await srv.store.repByUsername('rose'))!;
    const byAdmin = await bothPeers(srv.url, adminToken, 'Ada');
    const byRose = await bothPeers(srv.url, roseToken, 'Bo');

    expect((await api(srv.url, '/api/auth/logout', { method: 'POST', token: adminToken })).status).toBe(204);
    expect(await byAdmin.rep.closed).toEqual(SIGNED_OUT);
    expect(await upgradeStatus(peerUrl(byAdmin.repCreds.peerId, byAdmin.repCreds.peerToken), [], { origin: CONSOLE_ORIGIN })).toBe(401);

    const admin2 = await login(srv.url);
    expect((await api(srv.url, `/api/admin/reps/${rose.id}/disable`, { method: 'POST', token: admin2 })).status).toBe(200);
    // Disabling holds the representative's sessions first, then ends their sign-ins: either closes the peer.
    expect([HANDED_OVER, SIGNED_OUT]).toContainEqual(await byRose.rep.closed);
    expect(await upgradeStatus(peerUrl(byRose.repCreds.peerId, byRose.repCreds.peerToken), [], { origin: CONSOLE_ORIGIN })).toBe(401);
    // The customers' sessions are still open: their signalling stays.
    expect([byAdmin.customer.ws.readyState, byRose.customer.ws.readyState]).toEqual([WebSocket.OPEN, WebSocket.OPEN]);
  });
});
