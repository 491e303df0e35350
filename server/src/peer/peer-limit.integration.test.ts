import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { CreateSessionResponse } from '@rs/protocol';
import { api, CUSTOMER_ORIGIN, startTestServer } from '../testing.ts';
import { credentials } from './peer-testing.ts';

let srv: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await srv?.close();
});

/** A customer's PeerJS socket; resolves with the first signalling frame (OPEN, or ERROR when refused). */
async function customerPeer(base: string): Promise<{ ws: WebSocket; first: { type: string; payload?: { msg?: string } } }> {
  const { body } = await api<CreateSessionResponse>(base, '/api/sessions', { body: { customerName: 'Pat' } });
  const creds = await credentials(base, body.session.id, body.customerToken);
  const ws = new WebSocket(`${base.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${creds.peerId}&token=${creds.peerToken}&version=1.5.5`, { origin: CUSTOMER_ORIGIN });
  const first = await new Promise<{ type: string; payload?: { msg?: string } }>((resolve, reject) => {
    ws.once('message', (d) => resolve(JSON.parse(d.toString()) as { type: string }));
    ws.once('error', reject);
  });
  return { ws, first };
}

describe('PeerJS peers per process (PEER_MAX_PEERS)', () => {
  it('accepts peers up to the setting and refuses the next with the PeerJS server\'s words', async () => {
    srv = await startTestServer({ CUSTOMER_GRACE_MS: '60000', PEER_MAX_PEERS: '2' });
    const open = [await customerPeer(srv.url), await customerPeer(srv.url)];
    expect(open.map((p) => p.first.type)).toEqual(['OPEN', 'OPEN']);
    const refused = await customerPeer(srv.url);
    expect(refused.first).toMatchObject({ type: 'ERROR', payload: { msg: 'Server has reached its concurrent user limit' } });
    for (const p of [...open, refused]) p.ws.terminate();
  });
});
