import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  AUTH_SUBPROTOCOL_PREFIX,
  LIVE_SUBPROTOCOL,
  PROTOCOL_VERSION,
  ProtocolError,
  parseClientMessage,
  type ServerMessage,
} from '@rs/protocol';
import type { Store } from '../store/store.ts';
import { hashToken } from '../auth/secrets.ts';
import type { Actor, Sessions } from '../sessions/service.ts';
import type { Services } from '../services.ts';
import { dispatch } from './handlers.ts';
import type { Connection, Hub } from './hub.ts';
import { resumeNotices } from './resume.ts';
import { withClientKind } from '../elevation/client-kind.ts';
import { RequestLimits } from '../limits/request-limits.ts';
import { sendBounded, SocketQuota, TOO_MANY_SOCKETS } from '../limits/socket-guard.ts';
import { internalError } from '../resilience/internal-error.ts';
import { log } from '../observability/log.ts';

/** Frames above this close the socket (1009); frames between LIVE_MESSAGE_MAX_CHARS and this get a typed `too_large`. */
const HARD_FRAME_LIMIT = 1024 * 1024;
const HEARTBEAT_MS = 30_000;
/** Frames read but not yet handled, per connection; past it the socket stops being read until they are (TCP backpressure). */
const MAX_PENDING_FRAMES = 16;

export interface Authenticated {
  actor: Actor;
  tokenHash: string;
}

/** The bearer token travels as a subprotocol entry, so it is in no URL and no access log. */
export function tokenFromSubprotocols(req: IncomingMessage): string | null {
  const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim());
  if (!offered.includes(LIVE_SUBPROTOCOL)) return null;
  const entry = offered.find((p) => p.startsWith(AUTH_SUBPROTOCOL_PREFIX));
  return entry ? entry.slice(AUTH_SUBPROTOCOL_PREFIX.length) || null : null;
}

export async function authenticate(store: Store, token: string, now: number): Promise<Authenticated | null> {
  const tokenHash = hashToken(token);
  const rep = await store.repByToken(tokenHash, now);
  if (rep) return { actor: { role: 'rep', rep }, tokenHash };
  const session = await store.sessionByCustomerToken(tokenHash);
  if (session && session.state !== 'closed') return { actor: { role: 'customer', sessionId: session.id }, tokenHash };
  return null;
}

/**
 * Frames sent to one socket in the same tick leave in one write: a group of chat lines committed at once
 * reaches the representative's socket as one `writev`, not one system call per line. The socket is corked
 * at the first send and uncorked once this tick's work (promise continuations included) is done.
 */
function corkedSends(ws: WebSocket): (send: () => void) => void {
  // ws keeps its net.Socket here; without one (a test double) frames go out as they are sent.
  const socket = (ws as WebSocket & { _socket?: { cork(): void; uncork(): void } })._socket;
  let corked = false;
  return (send) => {
    if (socket && !corked) {
      corked = true;
      socket.cork();
      process.nextTick(() => {
        corked = false;
        socket.uncork();
      });
    }
    send();
  };
}

/** The live API socket: handshake, per-connection ordered dispatch, typed errors, heartbeats. */
export class LiveGateway {
  readonly #wss = new WebSocketServer({
    noServer: true,
    maxPayload: HARD_FRAME_LIMIT,
    handleProtocols: (protocols) => (protocols.has(LIVE_SUBPROTOCOL) ? LIVE_SUBPROTOCOL : false),
  });
  readonly #hub: Hub;
  readonly #sessions: Sessions;
  readonly #services: Services;
  readonly #heartbeat: NodeJS.Timeout;
  readonly #quota = new SocketQuota();
  readonly #requests: RequestLimits;

  constructor(services: Services) {
    this.#services = services;
    this.#requests = new RequestLimits(services.counters, services.config.limits);
    this.#hub = services.hub;
    this.#sessions = services.sessions;
    this.#heartbeat = setInterval(() => this.#ping(), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /**
   * Completes an upgrade that the caller has already checked (Origin) and authenticated. Past the party's
   * most sockets the new one is closed at once with 4029: a client takes that as "try again later" (its
   * other windows, or a half-open socket the heartbeat has not dropped yet, hold the places), where a
   * refused upgrade would look to it like a dead token.
   */
  upgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer, auth: Authenticated): void {
    const { limits } = this.#services.config;
    const [key, max] = auth.actor.role === 'rep' ? [`rep:${auth.actor.rep.id}`, limits.liveSocketsPerRep] : [`session:${auth.actor.sessionId}`, limits.liveSocketsPerSession];
    if (!this.#quota.take(key, max, socket)) return this.refuseTooMany(req, socket, head);
    const actor = withClientKind(auth.actor, req.headers.origin, this.#services.config.extensions);
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#attach(ws, { ...auth, actor }, req));
  }

  /** Completes the upgrade only to close it with 4029, which clients take as "try again later". */
  refuseTooMany(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => ws.close(TOO_MANY_SOCKETS.code, TOO_MANY_SOCKETS.reason));
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const ws of this.#wss.clients) ws.terminate();
    this.#wss.close();
  }

  #attach(ws: WebSocket, { actor, tokenHash }: Authenticated, req: IncomingMessage): void {
    const maxBuffered = this.#services.config.limits.socketMaxBufferedBytes;
    // One correlation id per socket: every line about it (opened, failures, closed) carries it.
    const given = req.headers['x-request-id'];
    const socketId = typeof given === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : randomUUID();
    const socketLog = log.root.child({ socketId, role: actor.role, ...(actor.role === 'rep' ? { repId: actor.rep.id } : { sessionId: actor.sessionId }) });
    const { metrics } = this.#services;
    metrics.liveSockets.inc({ role: actor.role });
    socketLog.info('live socket opened');
    const corked = corkedSends(ws);
    const conn: Connection = {
      role: actor.role,
      repId: actor.role === 'rep' ? actor.rep.id : null,
      sessionId: actor.role === 'customer' ? actor.sessionId : null,
      tokenHash,
      send: (m: ServerMessage) => void sendBounded(ws, maxBuffered, () => corked(() => ws.send(JSON.stringify(m)))),
      // A text frame from bytes the hub encoded once for every socket of a fan-out.
      sendEncoded: (data: Buffer) => void sendBounded(ws, maxBuffered, () => corked(() => ws.send(data, { binary: false }))),
      close: (code, reason) => ws.close(code, reason),
    };
    let greeted = false;
    let chain = Promise.resolve();
    (ws as WebSocket & { alive?: boolean }).alive = true;
    ws.on('pong', () => ((ws as WebSocket & { alive?: boolean }).alive = true));
    ws.on('error', () => ws.terminate());
    let pending = 0;
    ws.on('message', (data, isBinary) => {
      // A client sending faster than its frames are handled waits in its own TCP window, not in our memory.
      if (++pending >= MAX_PENDING_FRAMES) ws.pause();
      // Handle frames one at a time per connection, so a client's requests keep their order.
      chain = chain
        .then(() => this.#onFrame(conn, actor, isBinary ? null : data.toString(), () => greeted, () => (greeted = true), socketLog))
        // Whatever escaped (the welcome, a parser, a send) is answered on this socket, never left to reject unhandled.
        .catch((err: unknown) => conn.send({ type: 'error', id: null, ...internalError('live frame', err, socketLog) }))
        .finally(() => {
          if (--pending < MAX_PENDING_FRAMES) ws.resume();
        });
    });
    ws.on('close', (code) => {
      metrics.liveSockets.dec({ role: actor.role });
      socketLog.info({ code }, 'live socket closed');
      if (!greeted) return;
      const remaining = this.#hub.remove(conn);
      if (conn.sessionId && remaining === 0) void this.#sessions.customerDisconnected(conn.sessionId);
    });
  }

  async #onFrame(conn: Connection, actor: Actor, text: string | null, greeted: () => boolean, greet: () => void, socketLog: typeof log.root): Promise<void> {
    const parsed = text === null ? { ok: false as const, error: { code: 'bad_message' as const, message: 'binary frames are not accepted' } } : parseClientMessage(text);
    if (!parsed.ok) return conn.send({ type: 'error', id: null, ...parsed.error });
    const message = parsed.value;
    if (message.type === 'hello') {
      if (message.v !== PROTOCOL_VERSION) {
        conn.send({ type: 'incompatible', v: PROTOCOL_VERSION, message: `this server speaks protocol ${PROTOCOL_VERSION}, the client ${message.v}` });
        return conn.close(4006, 'incompatible');
      }
      if (greeted()) return conn.send({ type: 'error', id: null, code: 'bad_message', message: 'hello was already sent' });
      greet();
      await this.#welcome(conn, actor);
      return;
    }
    if (!greeted()) return conn.send({ type: 'error', id: message.id, code: 'handshake_required', message: 'send hello first' });
    const { metrics } = this.#services;
    try {
      await this.#requests.admit(actor, message.type);
      const result = await dispatch(actor, message, this.#services);
      metrics.liveRequests.inc({ type: message.type, outcome: 'ok' });
      if (message.type === 'session.accept' && 'session' in result && result.session?.acceptedAt)
        metrics.queueWait.observe(Math.max(0, result.session.acceptedAt - result.session.queuedAt) / 1000);
      conn.send({ type: 'reply', id: message.id, ...result });
    } catch (err) {
      const wire = err instanceof ProtocolError ? err.toWire() : internalError(`live ${message.type}`, err, socketLog);
      metrics.liveRequests.inc({ type: message.type, outcome: wire.code });
      if (wire.code === 'rate_limited') metrics.throttled.inc({ door: 'live' });
      conn.send({ type: 'error', id: message.id, ...wire });
    }
  }

  async #welcome(conn: Connection, actor: Actor): Promise<void> {
    const rep = actor.role === 'rep' ? (({ passwordHash: _p, createdAt: _c, ...r }) => r)(actor.rep) : null;
    conn.send({ type: 'welcome', v: PROTOCOL_VERSION, role: actor.role, serverTime: Date.now(), rep, sessionId: conn.sessionId });
    this.#hub.add(conn);
    if (conn.sessionId) void this.#sessions.customerConnected(conn.sessionId);
    // A rep's whole queue comes from the session queue (hub.add above), which then sends only changes (sessions/queue.ts).
    for (const snapshot of await this.#sessions.snapshotsFor(actor)) {
      conn.send({ type: 'session', ...snapshot });
      for (const notice of await resumeNotices(this.#services, snapshot.session)) conn.send(notice);
    }
  }

  #ping(): void {
    for (const ws of this.#wss.clients) {
      const w = ws as WebSocket & { alive?: boolean };
      if (w.alive === false) {
        w.terminate();
        continue;
      }
      w.alive = false;
      w.ping();
    }
  }
}
