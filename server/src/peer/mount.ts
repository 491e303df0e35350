import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import { ExpressPeerServer, type IClient } from 'peer';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PeerRecord, Store } from '../store/store.ts';
import type { Bus } from '../cluster/bus.ts';
import { onRepSignedOut, onSessionChanged } from '../cluster/events.ts';
import { hashToken, randomHex, sameHash } from '../auth/secrets.ts';
import { sendError } from '../http/errors.ts';
import type { LimitsConfig } from '../limits/config.ts';
import { boundSends, SocketQuota } from '../limits/socket-guard.ts';
import { correlationId } from '../resilience/internal-error.ts';
import { guardPeerSocket, type RelayFrame } from './guard.ts';
import { PeerBudget } from './budgets.ts';
import { PeerAuthority } from './authority.ts';
import { closeRoleEnded, PeerSockets } from './registry.ts';
import { PeerRouter } from './router.ts';
import { PeerStats } from './stats.ts';
import { log } from '../observability/log.ts';

export const PEER_MOUNT = '/peerjs';
/** Where the peerjs client opens its socket: `${path}peerjs?key=…&id=…&token=…`. */
export const PEER_SOCKET_PATH = `${PEER_MOUNT}/peerjs`;

/**
 * Mounts the real PeerJS server on our HTTP server. Its socket server is ours
 * (`noServer`), so every upgrade first passes our Origin check and then
 * `authorize`: the id must be one the server issued, the token must match, and
 * the id's role must still hold (authority.ts). The peer server keeps the
 * sockets (OPEN, ID-TAKEN, heartbeats); the frames between peers go through
 * our relay instead: checked (only the two current parties of one session),
 * counted, and carried to whichever node holds the receiver (router.ts).
 */
export function mountPeer(
  app: Express,
  server: Server,
  limits: Pick<LimitsConfig, 'peerSocketsPerSide' | 'socketMaxBufferedBytes' | 'peerAbsentBytes' | 'peerSignalBytesPerMinute'>,
  { store, bus, maxPeers }: { store: Store; bus: Bus; maxPeers: number },
) {
  const quota = new SocketQuota();
  const nodeId = randomHex(8);
  const stats = new PeerStats(nodeId);
  const authority = new PeerAuthority(store);
  const sockets = new PeerSockets(authority);
  /** The peer server's client per peer id connected here; its socket is the one it relays to. */
  const clients = new Map<string, IClient>();
  const router = new PeerRouter(bus, store, nodeId, (peerId) => (clients.get(peerId)?.getSocket() as WebSocket | null | undefined) ?? null, stats);
  const budgets = {
    connected: (peerId: string) => router.knownConnected(peerId),
    // A frame is held about six seconds for an absent peer: a 10 s window keeps what is held under two budgets' worth.
    absent: new PeerBudget(limits.peerAbsentBytes, 10_000),
    signal: new PeerBudget(limits.peerSignalBytesPerMinute, 60_000),
  };
  const issuedFor = new WeakMap<IncomingMessage, PeerRecord>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  // Ids come only from GET /api/sessions/:id/peer; the peer server's own id generator is closed.
  app.get(`${PEER_MOUNT}/:key/id`, (_req, res) => sendError(res, 'forbidden', 'peer ids are issued per session'));
  const peer = ExpressPeerServer(server, {
    path: '/',
    key: 'peerjs',
    allow_discovery: false,
    proxied: false,
    // The package's default (5,000) refused peers long before the descriptors ran out (config.ts: PEER_MAX_PEERS).
    concurrent_limit: maxPeers,
    createWebSocketServer: () => wss,
  });
  // The peer server re-emits every socket error (a frame over maxPayload, invalid UTF-8) and any failure of its
  // own message handling as an `error` event on this app; with no listener that event ends the process.
  peer.on('error', (err: unknown) => log.warn({ ref: correlationId(), error: err instanceof Error ? err.message : String(err) }, 'PeerJS socket error'));
  peer.on('connection', (client) => {
    clients.set(client.getId(), client);
    void router.connected(client.getId()).catch((err: unknown) => log.warn({ err }, 'PeerJS: could not announce a peer'));
  });
  peer.on('disconnect', (client) => {
    if (clients.get(client.getId()) !== client) return;
    clients.delete(client.getId());
    void router.disconnected(client.getId()).catch((err: unknown) => log.warn({ err }, 'PeerJS: could not announce a peer left'));
  });
  // Mounting the sub-app on the app itself fires its 'mount' event, which is when it attaches its socket server.
  app.use(PEER_MOUNT, peer);

  /** One sender's frames, in order: checked against the session, then carried. */
  async function relay(src: PeerRecord, frame: RelayFrame): Promise<void> {
    const refused = await authority.refuse(src, frame.dst);
    if (refused) return stats.drop(refused);
    await router.route({ type: frame.type, src: src.peerId, dst: frame.dst, payload: frame.payload, hops: 0 });
  }

  /**
   * A new socket's guards and sends. Made here, not in the upgrade's callback: closures made there would keep
   * its scope, and the upgrade request in it, for as long as the socket lives.
   */
  function attach(ws: WebSocket, issued: PeerRecord): void {
    // The peer server sends with ws.send; a client that stops reading is closed instead of buffered for.
    boundSends(ws, limits.socketMaxBufferedBytes);
    let chain = Promise.resolve();
    guardPeerSocket(ws, issued.peerId, budgets, (frame) => {
      chain = chain.then(() => relay(issued, frame)).catch((err: unknown) => log.warn({ err, ref: correlationId() }, 'PeerJS relay failed'));
    });
    sockets.add(ws, issued);
  }

  const unsubscribe = Promise.all([
    onSessionChanged(bus, (event) => {
      authority.onSessionChanged(event);
      sockets.onSessionChanged(event);
    }),
    onRepSignedOut(bus, (event) => sockets.onRepSignedOut(event)),
    router.start().then(() => async () => router.close()),
  ]);

  return {
    /** Resolves once this node hears the cluster's session and sign-in events. */
    ready: unsubscribe.then(() => undefined),
    /** This node's relay counters (for /healthz and /metrics). */
    stats: () => stats.snapshot(),
    /** PeerJS sockets open on this node (for /metrics). */
    socketCount: () => wss.clients.size,
    /** The issued peer the upgrade's id and token name, while its role holds; or null. */
    async authorize(_store: Store, req: IncomingMessage): Promise<PeerRecord | null> {
      const params = new URL(req.url ?? '', 'http://peer').searchParams;
      const id = params.get('id');
      const token = params.get('token');
      if (!id || !token) return null;
      const issued = await store.peer(id);
      if (!issued || !sameHash(issued.tokenHash, hashToken(token)) || (await authority.ended(issued))) return null;
      issuedFor.set(req, issued);
      return issued;
    },
    /**
     * Completes an authorized upgrade; false (the caller answers 429) when this peer id already has its
     * most sockets: the peer server would otherwise keep every replaced one open.
     */
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const issued = issuedFor.get(req);
      if (!issued) return false;
      const id = issued.peerId;
      if (!quota.take(id, limits.peerSocketsPerSide, socket)) return false;
      wss.handleUpgrade(req, socket, head, (ws) => {
        attach(ws, issued);
        // The peer server registers the id (OPEN) in its own connection listener.
        wss.emit('connection', ws, req);
        // A transition committed while authorize read the store is seen by this read, or by the event listener above.
        void authority.ended(issued).then((why) => why && closeRoleEnded(ws, why)).catch(() => {});
      });
      return true;
    },
    close(): void {
      void unsubscribe.then((offs) => offs.forEach((off) => void off()));
      router.close();
      stats.close();
      for (const ws of wss.clients) ws.terminate();
      budgets.absent.close();
      budgets.signal.close();
      wss.close();
    },
  };
}
