import type { IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '@rs/protocol';
import { api, CUSTOMER_ORIGIN, startTestServer, TestClient } from '../testing.ts';
import { credentials, openPeer, until } from '../peer/peer-testing.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let srv: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await srv?.close();
});

describe('what a connected customer keeps on the server', () => {
  // Every connected customer held on to the two HTTP requests that opened their sockets (headers, raw headers,
  // URL: a few KB each) through listeners made in the upgrade handler's scope, for as long as the sockets lived.
  it("keeps neither upgrade request once the live and PeerJS sockets are open", async () => {
    srv = await startTestServer({ CUSTOMER_GRACE_MS: '60000' });
    const requests: WeakRef<IncomingMessage>[] = [];
    srv.server.prependListener('upgrade', (req: IncomingMessage) => void requests.push(new WeakRef(req)));
    const { body } = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Pat' } });
    const live = await TestClient.open(srv.url, body.customerToken, CUSTOMER_ORIGIN);
    const peer = await openPeer(srv.url, await credentials(srv.url, body.session.id, body.customerToken), CUSTOMER_ORIGIN);
    expect(requests).toHaveLength(2);
    const kept = await until(
      async () => {
        gc();
        return requests.filter((r) => r.deref() !== undefined).map((r) => r.deref()!.url);
      },
      (left) => left.length === 0,
      'the upgrade requests to be collected',
      3000,
    ).catch(() => requests.filter((r) => r.deref() !== undefined).map((r) => r.deref()!.url?.replace(/\?.*/, '')));
    expect(kept).toEqual([]);
    // Both sockets still work.
    expect(live.ws.readyState).toBe(live.ws.OPEN);
    expect(peer.ws.readyState).toBe(peer.ws.OPEN);
    live.ws.terminate();
    peer.ws.terminate();
  }, 20_000);
});
