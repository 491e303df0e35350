import { Peer, type DataConnection, type MediaConnection } from 'peerjs';
import { PeerCredentialsSchema, ProtocolError, parseWith, type PeerCredentials } from '@rs/protocol';
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

export type DataSerialization = 'json' | 'binary';

/**
 * This party's PeerJS identity in one session: the media calls and data
 * connections to the other party go through it. Created with `PeerLink.open`,
 * which waits until the signalling server accepted the issued id. Closing it
 * (or aborting its signal) closes every call and connection it made.
 */
export class PeerLink {
  readonly #peer: Peer;
  readonly credentials: PeerCredentials;
  readonly #calls = new Emitter<MediaConnection>();
  readonly #channels = new Emitter<PeerChannel>();
  readonly #closed = new Emitter<void>();
  #isClosed = false;

  private constructor(peer: Peer, credentials: PeerCredentials) {
    this.#peer = peer;
    this.credentials = credentials;
    peer.on('call', (call) => this.#calls.emit(call));
    peer.on('connection', (conn) => this.#channels.emit(new PeerChannel(conn)));
    peer.on('close', () => this.close());
  }

  static async open(target: ApiTarget & { token: string }, sessionId: string, signal?: AbortSignal): Promise<PeerLink> {
    const credentials = await peerCredentials(target, sessionId);
    const peer = new Peer(credentials.peerId, peerOptions(target.serverUrl, credentials));
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        peer.destroy();
        reject(new ProtocolError('closed', `Cannot reach the support server's peer service: ${error.message}`));
      };
      peer.once('open', () => resolve());
      peer.once('error', fail);
      signal?.addEventListener('abort', () => fail(new Error('aborted')), { once: true });
    });
    const link = new PeerLink(peer, credentials);
    signal?.addEventListener('abort', () => link.close(), { once: true });
    return link;
  }

  get id(): string {
    return this.#peer.id;
  }

  /** The other party's peer id: the one issued when this link opened, or null if it had none yet. */
  get remotePeerId(): string | null {
    return this.credentials.remotePeerId;
  }

  /** Sends our media to the other party. */
  call(remotePeerId: string, stream: MediaStream): MediaConnection {
    return this.#peer.call(remotePeerId, stream);
  }

  /** Incoming calls; the listener answers (or closes) them. */
  onCall(listener: (call: MediaConnection) => void): () => void {
    return this.#calls.on(listener);
  }

  /** A typed data connection; `json` for small messages (under ~16 KB), `binary` for larger ones. */
  connect(remotePeerId: string, serialization: DataSerialization = 'json', label?: string): PeerChannel {
    const conn: DataConnection = this.#peer.connect(remotePeerId, { serialization, reliable: true, ...(label ? { label } : {}) });
    return new PeerChannel(conn);
  }

  /** Data connections the other party opened to us. */
  onChannel(listener: (channel: PeerChannel) => void): () => void {
    return this.#channels.on(listener);
  }

  onClose(listener: () => void): () => void {
    return this.#closed.on(listener);
  }

  /** Idempotent: ends every call and connection, and leaves the signalling server. */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#peer.destroy();
    this.#closed.emit();
  }
}
