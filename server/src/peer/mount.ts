import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import { ExpressPeerServer } from 'peer';
import { WebSocketServer } from 'ws';
import type { PeerRecord, Store } from '../store/store.ts';
import { hashToken, sameHash } from '../auth/secrets.ts';
import { sendError } from '../http/errors.ts';
import type { LimitsConfig } from '../limits/config.ts';
import { boundSends, SocketQuota } from '../limits/socket-guard.ts';
import { correlationId } from '../resilience/internal-error.ts';
import { guardPeerSocket } from './guard.ts';
import { PeerBudget, PeerPresence } from './budgets.ts';

export const PEER_MOUNT = '/peerjs';
/** Where the peerjs client opens its socket: `${path}peerjs?key=…&id=…&token=…`. */
export const PEER_SOCKET_PATH = `${PEER_MOUNT}/peerjs`;

/**
 * Mounts the real PeerJS server on our HTTP server. Its socket server is ours
 * (`noServer`), so every upgrade first passes our Origin check and then
 * `authorize`: the id must be one the server issued and the token must match.
 */
export function mountPeer(app: Express, server: Server, limits: Pick<LimitsConfig, 'peerSocketsPerSide' | 'socketMaxBufferedBytes' | 'peerAbsentBytes' | 'peerSignalBytesPerMinute'>) {
  const quota = new SocketQuota();
  const budgets = {
    presence: new PeerPresence(),
    // A frame is held about six seconds for an absent peer: a 10 s window keeps what is held under two budgets' worth.
    absent: new PeerBudget(limits.peerAbsentBytes, 10_000),
    signal: new PeerBudget(limits.peerSignalBytesPerMinute, 60_000),
  };
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  // Ids come only from GET /api/sessions/:id/peer; the peer server's own id generator is closed.
  app.get(`${PEER_MOUNT}/:key/id`, (_req, res) => sendError(res, 'forbidden', 'peer ids are issued per session'));
  const peer = ExpressPeerServer(server, {
    path: '/',
    key: 'peerjs',
    allow_discovery: false,
    proxied: false,
    createWebSocketServer: () => wss,
  });
  // The peer server re-emits every socket error (a frame over maxPayload, invalid UTF-8) and any failure of its
  // own message handling as an `error` event on this app; with no listener that event ends the process.
  peer.on('error', (err: unknown) => console.warn(`[ref ${correlationId()}] PeerJS socket error:`, err instanceof Error ? err.message : err));
  // Mounting the sub-app on the app itself fires its 'mount' event, which is when it attaches its socket server.
  app.use(PEER_MOUNT, peer);

  return {
    /** The issued peer the upgrade's id and token name, or null; the peer server itself checks nothing of the kind. */
    async authorize(store: Store, req: IncomingMessage): Promise<PeerRecord | null> {
      const params = new URL(req.url ?? '', 'http://peer').searchParams;
      const id = params.get('id');
      const token = params.get('token');
      if (!id || !token) return null;
      const issued = await store.peer(id);
      if (!issued) return null;
      const session = await store.session(issued.sessionId);
      return session !== null && session.state !== 'closed' && sameHash(issued.tokenHash, hashToken(token)) ? issued : null;
    },
    /**
     * Completes an authorized upgrade; false (the caller answers 429) when this peer id (one per session
     * and side) already has its most sockets: the peer server would otherwise keep every replaced one open.
     */
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const id = new URL(req.url ?? '', 'http://peer').searchParams.get('id') ?? '';
      if (!quota.take(id, limits.peerSocketsPerSide, socket)) return false;
      wss.handleUpgrade(req, socket, head, (ws) => {
        // The peer server sends with ws.send; a client that stops reading is closed instead of buffered for.
        boundSends(ws, limits.socketMaxBufferedBytes);
        guardPeerSocket(ws, id, budgets);
        // The peer server registers the id (and hands it what was queued for it) in its own connection listener, below.
        budgets.presence.add(id);
        ws.once('close', () => budgets.presence.remove(id));
        wss.emit('connection', ws, req);
      });
      return true;
    },
    close(): void {
      for (const ws of wss.clients) ws.terminate();
      budgets.absent.close();
      budgets.signal.close();
      wss.close();
    },
  };
}
