import { describe, expect, it } from 'vitest';
import type { CreateSessionResponse, PeerCredentials } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, TestClient, upgradeStatus } from '../testing.ts';
import { useTestServer } from '../testing-hooks.ts';

// Every session's own limits are far off: only the per-address one can refuse here.
const t = useTestServer({ CUSTOMER_GRACE_MS: '60000', CUSTOMER_SOCKETS_PER_ADDRESS: '4', LIVE_SOCKETS_PER_SESSION: '4', PEER_SOCKETS_PER_SIDE: '2' });

async function queued(name: string) {
  return (await api<CreateSessionResponse>(t.srv.url, '/api/sessions', { body: { customerName: name } })).body;
}

describe('customer sockets per address', () => {
  it('past CUSTOMER_SOCKETS_PER_ADDRESS over all sessions, one more live socket is closed with 4029 and a PeerJS upgrade gets 429; representatives are not counted', async () => {
    // Four sessions from one address, one socket each: a new session is a fresh per-session budget, not a fresh address.
    const held: TestClient[] = [];
    for (const name of ['A', 'B', 'C', 'D']) held.push(await t.open((await queued(name)).customerToken, CUSTOMER_ORIGIN));
    const fifth = await queued('E');
    const over = await TestClient.open(t.srv.url, fifth.customerToken, CUSTOMER_ORIGIN, false);
    t.track(over);
    expect(await over.closed).toEqual({ code: 4029 });
    const peer = await api<PeerCredentials>(t.srv.url, `/api/sessions/${fifth.session.id}/peer`, { token: fifth.customerToken });
    const peerUrl = `${t.srv.url.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${peer.body.peerId}&token=${peer.body.peerToken}&version=1.5.5`;
    expect(await upgradeStatus(peerUrl, [], { origin: CUSTOMER_ORIGIN })).toBe(429);

    t.track(await t.open(await login(t.srv.url), CONSOLE_ORIGIN));

    // A place comes back when a socket closes.
    held[0]!.close();
    await held[0]!.closed;
    let status = 0;
    while ((status = await upgradeStatus(peerUrl, [], { origin: CUSTOMER_ORIGIN })) === 429) await new Promise((r) => setTimeout(r, 20));
    expect(status).toBe(101);
  });
});
