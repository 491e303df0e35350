import { PEER_JSON_MAX_CHARS, ProtocolError, parsePeerMessage, type PeerMessage } from '@rs/protocol';
import { Emitter } from '../emitter.ts';

/** The part of an RTCDataChannel a sender's flow control uses. */
export interface DataChannelLike {
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  addEventListener(type: 'bufferedamountlow', listener: () => void): void;
  removeEventListener(type: 'bufferedamountlow', listener: () => void): void;
}

/** The part of a PeerJS DataConnection a channel uses (a fake in tests). */
export interface DataConnectionLike {
  /** The underlying channel, once negotiated (PeerJS drops it on close). */
  readonly dataChannel?: DataChannelLike | null;
  readonly open: boolean;
  readonly peer: string;
  readonly serialization: string;
  /** What the opener named the connection (features share one peer: `screen`, `file`). */
  readonly label?: string;
  /** The connection's own RTCPeerConnection (PeerJS makes one per data connection); lanes of a feature are added on it. */
  readonly peerConnection?: unknown;
  send(data: unknown): unknown;
  close(): void;
  on(event: 'open' | 'close', fn: () => void): unknown;
  on(event: 'data', fn: (data: unknown) => void): unknown;
  on(event: 'error', fn: (error: Error) => void): unknown;
}

/**
 * A typed, validated data connection between the two parties: every payload
 * received is parsed with the protocol's peer schema (the other side is not
 * trusted), and invalid ones are dropped with a warning. Other features add
 * message types to `PeerMessageSchema` and listen here.
 */
export class PeerChannel {
  readonly #conn: DataConnectionLike;
  readonly #messages = new Emitter<PeerMessage>();
  readonly #bytes = new Emitter<ArrayBuffer | Uint8Array>();
  readonly #closed = new Emitter<void>();
  readonly opened: Promise<void>;
  #isClosed = false;

  constructor(conn: DataConnectionLike) {
    this.#conn = conn;
    this.opened = new Promise((resolve, reject) => {
      if (conn.open) resolve();
      conn.on('open', () => resolve());
      conn.on('error', (e) => reject(new ProtocolError('closed', `peer data connection failed: ${e.message}`)));
      conn.on('close', () => reject(new ProtocolError('closed', 'peer data connection closed')));
    });
    this.opened.catch(() => {});
    conn.on('data', (data) => {
      // A `raw` channel carries a feature's binary frames; the listener decodes (and validates) them.
      if (conn.serialization === 'raw') {
        if (data instanceof ArrayBuffer || data instanceof Uint8Array) this.#bytes.emit(data);
        else console.warn('peer: dropped a non-binary payload on a raw channel');
        return;
      }
      const parsed = parsePeerMessage(data);
      if (parsed.ok) this.#messages.emit(parsed.value);
      else console.warn('peer: dropped a message:', parsed.error.message);
    });
    conn.on('close', () => this.close());
  }

  /** The opener's name for this connection; incoming channels of every feature arrive on one link. */
  get label(): string {
    return this.#conn.label ?? '';
  }

  /** The RTCPeerConnection under this connection, when the transport has one (more data channels go on it). */
  get peerConnection(): unknown {
    return this.#conn.peerConnection ?? null;
  }

  /** The remote party's peer id, as the signalling server stamped it. */
  get peer(): string {
    return this.#conn.peer;
  }

  get isOpen(): boolean {
    return !this.#isClosed && this.#conn.open;
  }

  /** Sends one message; JSON channels refuse what PeerJS would fail on (about 16 KB). */
  send(message: PeerMessage): void {
    if (!this.isOpen) throw new ProtocolError('closed', 'the peer connection is not open');
    if (this.#conn.serialization === 'json' && JSON.stringify(message).length > PEER_JSON_MAX_CHARS) {
      throw new ProtocolError('too_large', 'message too large for a JSON peer channel; use a binary one');
    }
    this.#conn.send(message);
  }

  /** Sends bytes on a `raw` channel (file frames). */
  sendBytes(bytes: Uint8Array): void {
    if (!this.isOpen) throw new ProtocolError('closed', 'the peer connection is not open');
    if (this.#conn.serialization !== 'raw') throw new ProtocolError('invalid_state', 'bytes go on a raw channel');
    this.#conn.send(bytes);
  }

  /** Bytes queued on the data channel and not sent yet (0 when not known). */
  get bufferedAmount(): number {
    return this.#conn.dataChannel?.bufferedAmount ?? 0;
  }

  /**
   * Resolves once the send queue is down to `low` bytes (`bufferedamountlow`), or the channel closed: a sender
   * keeps the queue between that and its own high-water mark instead of waiting for replies.
   */
  drained(low: number): Promise<void> {
    const dc = this.#conn.dataChannel;
    if (!dc || !this.isOpen || dc.bufferedAmount <= low) return Promise.resolve();
    dc.bufferedAmountLowThreshold = low;
    return new Promise<void>((resolve) => {
      const done = () => {
        dc.removeEventListener('bufferedamountlow', done);
        offClose();
        resolve();
      };
      const offClose = this.onClose(done);
      dc.addEventListener('bufferedamountlow', done);
    });
  }

  /** Payloads of a `raw` channel, undecoded. */
  onBytes(listener: (bytes: ArrayBuffer | Uint8Array) => void): () => void {
    return this.#bytes.on(listener);
  }

  onMessage(listener: (message: PeerMessage) => void): () => void {
    return this.#messages.on(listener);
  }

  onClose(listener: () => void): () => void {
    return this.#closed.on(listener);
  }

  /** Idempotent. */
  close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#conn.close();
    this.#closed.emit();
  }
}
