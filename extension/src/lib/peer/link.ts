import { Peer, type DataConnection, type MediaConnection } from 'peerjs';
import { PEER_ROLE_ENDED, PeerCredentialsSchema, ProtocolError, parseWith, type PeerCredentials } from '@rs/protocol';
import { apiCall, expectShape, type ApiTarget } from '../api.ts';
import { Emitter } from '../emitter.ts';
import { PeerChannel } from './channel.ts';

/** GET /api/sessions/:id/peer: this party's server-issued peer id and token, the other party's id, ICE servers. */
export async function peerCredentials(target: ApiTarget, sessionId: string): Promise<PeerCredentials> {
  return expectShape(parseWith(PeerCredentialsSchema, await apiCall(target, 'GET', `/api/sessions/${encodeURIComponent(sessionId)}/peer`)));
}

/** PeerJS options for our server: the id and token it issued, its ICE servers, its `/peerjs` mount. */
export function peerOptions(serverUrl: string, credentials: PeerCredentials) {
  const url = new URL(serverUrl);
  const secure = url.protocol === 'https:';
  return {
    host: url.hostname,
    port: Number(url.port || (secure ? 443 : 80)),
    path: credentials.path,
    secure,
    key: 'peerjs',
    token: credentials.peerToken,
    config: { iceServers: credentials.iceServers },
    debug: 1,
  };
}

/** `raw` carries binary frames that the feature encodes and validates itself (file transfer). */
export type DataSerialization = 'json' | 'binary' | 'raw';

/** One joined PeerJS peer, shared by every feature of this page that needs this party's one issued id. */
interface SharedPeer {
  peer: Peer;
  /** The issued id (peerjs clears `peer.id` while disconnected). */
  id: string;
  users: number;
  closed: boolean;
  /** Settles once the peer is registered on the signalling server (again, after a reconnect). */
  ready: Promise<void>;
  calls: Emitter<MediaConnection>;
  channels: Emitter<PeerChannel>;
  ended: Emitter<void>;
}

const joined = new Map<string, Promise<SharedPeer>>();

/** The server's reasons for closing a peer whose role ended (`PEER_ROLE_ENDED`): the id is dead, never reconnect it. */
const ROLE_ENDED = new Set<string>(Object.values(PEER_ROLE_ENDED));
/** Waits between reconnects of a peer whose signalling socket dropped (a server node went away, a network change). */
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000, 8000, 8000];
/** Answers to a credentials request that mean this party has no peer in the session any more. */
const NO_ROLE = new Set<string>(['unauthorized', 'forbidden', 'not_found', 'invalid_state']);

function opened(peer: Peer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    peer.once('open', () => resolve());
    peer.once('error', (error: Error) => reject(new ProtocolError('closed', `Cannot reach the support server's peer service: ${error.message}`)));
  });
}

async function join(target: ApiTarget & { token: string }, sessionId: string, credentials: PeerCredentials): Promise<SharedPeer> {
  const peer = new Peer(credentials.peerId, peerOptions(target.serverUrl, credentials));
  const ready = opened(peer);
  await ready.catch((error: unknown) => {
    peer.destroy();
    throw error;
  });
  const shared: SharedPeer = { peer, id: credentials.peerId, users: 0, closed: false, ready, calls: new Emitter(), channels: new Emitter(), ended: new Emitter() };
  peer.on('call', (call) => shared.calls.emit(call));
  peer.on('connection', (conn) => shared.channels.emit(new PeerChannel(conn)));
  let roleEnded = false;
  // The server says why before it closes a peer whose role ended (handed over, session ended, signed out).
  peer.on('error', (error: Error) => void (ROLE_ENDED.has(error.message) && (roleEnded = true)));
  peer.on('disconnected', () => {
    if (shared.closed) return;
    // A role that ended ends the calls too; a dropped socket does not: media is peer to peer and goes on, while
    // the peer registers again (on whichever server node the load balancer picks) for what comes next.
    if (roleEnded) peer.destroy();
    else {
      shared.ready = reconnect(target, sessionId, shared);
      shared.ready.catch(() => {});
    }
  });
  peer.on('close', () => {
    shared.closed = true;
    shared.ended.emit();
  });
  return shared;
}

/** Registers the same id again with a fresh token; gives up (and ends the peer) when the party has no role any more. */
async function reconnect(target: ApiTarget & { token: string }, sessionId: string, shared: SharedPeer): Promise<void> {
  for (const delay of RECONNECT_DELAYS_MS) {
    await new Promise((r) => setTimeout(r, delay));
    if (shared.closed || !shared.peer.disconnected) return;
    try {
      const fresh = await peerCredentials(target, sessionId);
      if (fresh.peerId !== shared.id) break;
      shared.peer.options.token = fresh.peerToken;
      const again = opened(shared.peer);
      shared.peer.reconnect();
      return await again;
    } catch (error) {
      // The server answered that this party has no peer in the session any more: nothing to reconnect.
      if (error instanceof ProtocolError && NO_ROLE.has(error.code)) break;
    }
  }
  shared.peer.destroy();
  throw new ProtocolError('closed', 'The connection to the support server\'s peer service was lost.');
}

/**
 * This party's PeerJS identity in one session: the media calls and data
 * connections to the other party go through it. Created with `PeerLink.open`,
 * which waits until the signalling server accepted the issued id. The server
 * issues one id per session and party (the customer; each representative who
 * holds the session), so features (screen sharing, file transfer) share one
 * joined peer: each `open` is a handle, and the peer leaves the server when
 * the last handle closes. Closing a handle (or aborting its signal) closes the
 * calls and connections it made. When the server ends the peer's role (the
 * session was handed over or ended, a sign-out), every handle closes; when
 * only its signalling socket dropped, it registers again on its own.
 */
export class PeerLink {
  readonly #shared: SharedPeer;
  readonly credentials: PeerCredentials;
  readonly #closed = new Emitter<void>();
  readonly #made: { close(): void }[] = [];
  readonly #offs: (() => void)[] = [];
  #isClosed = false;

  private constructor(shared: SharedPeer, credentials: PeerCredentials) {
    this.#shared = shared;
    this.credentials = credentials;
    shared.users++;
    this.#offs.push(shared.ended.on(() => this.close()));
  }

  static async open(target: ApiTarget & { token: string }, sessionId: string, signal?: AbortSignal): Promise<PeerLink> {
    // Fresh credentials each time: the other party's id may have been issued since the peer joined.
    const credentials = await peerCredentials(target, sessionId);
    const key = `${target.serverUrl}|${sessionId}|${credentials.peerId}`;
    let pending = joined.get(key);
    const current = pending && (await pending.catch(() => null));
    if (!pending || !current || current.closed) {
      pending = join(target, sessionId, credentials);
      joined.set(key, pending);
      pending.catch(() => joined.get(key) === pending && joined.delete(key));
    }
    const aborted = new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(new ProtocolError('closed', 'aborted'));
      signal?.addEventListener('abort', () => reject(new ProtocolError('closed', 'aborted')), { once: true });
    });
    aborted.catch(() => {});
    const shared = await Promise.race([pending, aborted]);
    // A peer whose signalling socket dropped is registering again: calls and connections need it registered.
    await Promise.race([shared.ready, aborted]);
    const link = new PeerLink(shared, credentials);
    signal?.addEventListener('abort', () => link.close(), { once: true });
    return link;
  }

  get id(): string {
    return this.#shared.id;
  }

  /** The other party's peer id: the one issued when this link opened, or null if it had none yet. */
  get remotePeerId(): string | null {
    return this.credentials.remotePeerId;
  }

  /** Sends our media to the other party. */
  call(remotePeerId: string, stream: MediaStream): MediaConnection {
    const call = this.#shared.peer.call(remotePeerId, stream);
    this.#made.push(call);
    return call;
  }

  /** Incoming calls; the listener answers (or closes) them. */
  onCall(listener: (call: MediaConnection) => void): () => void {
    const off = this.#shared.calls.on(listener);
    this.#offs.push(off);
    return off;
  }

  /** A typed data connection; `json` for small messages (under ~16 KB), `binary` for larger ones. */
  connect(remotePeerId: string, serialization: DataSerialization = 'json', label?: string): PeerChannel {
    const conn: DataConnection = this.#shared.peer.connect(remotePeerId, { serialization, reliable: true, ...(label ? { label } : {}) });
    const channel = new PeerChannel(conn);
    this.#made.push(channel);
    return channel;
  }

  /** Data connections the other party opened to us (every feature's: check what arrives). */
  onChannel(listener: (channel: PeerChannel) => void): () => void {
    const off = this.#shared.channels.on(listener);
    this.#offs.push(off);
    return off;
  }

  onClose(listener: () => void): () => void {
    return this.#closed.on(listener);
  }

  /** Idempotent: ends what this handle made; the last handle leaves the signalling server. */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    for (const off of this.#offs.splice(0)) off();
    for (const made of this.#made.splice(0)) made.close();
    const shared = this.#shared;
    if (--shared.users <= 0 && !shared.closed) {
      shared.closed = true;
      shared.peer.destroy();
    }
    this.#closed.emit();
  }
}
