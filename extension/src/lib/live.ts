import {
  AUTH_SUBPROTOCOL_PREFIX,
  LIVE_SUBPROTOCOL,
  PROTOCOL_VERSION,
  ProtocolError,
  parseServerMessage,
  type ClientMessage,
  type ClientRequest,
  type Reply,
  type ServerMessage,
} from '@rs/protocol';
import { Emitter } from './emitter.ts';
import { SOCKET_OPEN, defaultSocketFactory, type SocketFactory, type SocketLike } from './socket.ts';

export type { SocketFactory, SocketLike } from './socket.ts';

/** `connecting` covers opening, the handshake and the pause before a retry; `closed` is final. */
export type LiveStatus = 'connecting' | 'open' | 'closed';
export type Welcome = Extract<ServerMessage, { type: 'welcome' }>;
/** Fire-and-forget messages from the server, as opposed to answers to requests. */
export type LiveNotice = Extract<ServerMessage, { type: 'queue' | 'queue.delta' | 'session' | 'chat' | 'permissions' | 'share' | 'wait' | 'notice' | 'nudge' | 'elevation' | 'file' | 'signed_out' }>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** A request as callers write it; the client adds the correlation id. */
/** Notices that carry a session's whole current state of one kind. */
export type SessionStateNotice = Extract<ServerMessage, { type: 'permissions' | 'elevation' }>;
export type LiveRequest = DistributiveOmit<ClientRequest, 'id'>;

export interface LiveClientOptions {
  /** Full ws(s):// URL of the live endpoint. */
  url: string;
  /** Rep or customer token; it rides in a subprotocol, never in the URL. */
  token: string;
  /** Aborting it closes the client, like `close()`. */
  signal?: AbortSignal;
  createSocket?: SocketFactory;
  requestTimeoutMs?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Asked when a connection attempt fails before the socket opens. A browser cannot see the
   * HTTP status of a refused upgrade, so the app answers whether its
   * credentials are refused (true: stop for good) or the server is just away.
   */
  isRejected?: () => Promise<boolean>;
}

interface Pending {
  resolve: (reply: Reply) => void;
  reject: (error: ProtocolError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The live connection to the server: handshake first, then correlated requests
 * (promise per request, with a timeout) and notices (events). Reconnects with
 * backoff until closed; `close()` is idempotent and rejects whatever is pending.
 */
export class LiveClient {
  readonly #url: string;
  readonly #protocols: string[];
  readonly #createSocket: SocketFactory;
  readonly #requestTimeoutMs: number;
  readonly #minBackoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #isRejected: (() => Promise<boolean>) | undefined;

  readonly #statusEvents = new Emitter<LiveStatus>();
  readonly #welcomeEvents = new Emitter<Welcome>();
  readonly #noticeEvents = new Emitter<LiveNotice>();
  readonly #closedEvents = new Emitter<ProtocolError>();
  readonly #pending = new Map<string, Pending>();
  readonly #latest = new Map<string, SessionStateNotice>();

  #socket: SocketLike | null = null;
  #status: LiveStatus = 'connecting';
  #welcome: Welcome | null = null;
  #closeReason: ProtocolError | null = null;
  #backoffMs: number;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #welcomeTimer: ReturnType<typeof setTimeout> | null = null;
  #nextId = 1;

  constructor(options: LiveClientOptions) {
    this.#url = options.url;
    this.#protocols = [LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX + options.token];
    this.#createSocket = options.createSocket ?? defaultSocketFactory;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.#minBackoffMs = options.minBackoffMs ?? 500;
    this.#maxBackoffMs = options.maxBackoffMs ?? 5_000;
    this.#backoffMs = this.#minBackoffMs;
    this.#isRejected = options.isRejected;
    if (options.signal?.aborted) {
      this.close();
      return;
    }
    options.signal?.addEventListener('abort', () => this.close(), { once: true });
    this.#connect();
  }

  get status(): LiveStatus {
    return this.#status;
  }
  /** The latest `welcome` (who this connection is), or null before the first one. */
  get welcome(): Welcome | null {
    return this.#welcome;
  }
  /** Why the client closed for good, or null while it is alive. */
  get closeReason(): ProtocolError | null {
    return this.#closeReason;
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    return this.#statusEvents.on(listener);
  }
  /** Called after every successful handshake, reconnects included (snapshots follow it). */
  onWelcome(listener: (welcome: Welcome) => void): () => void {
    return this.#welcomeEvents.on(listener);
  }
  onNotice(listener: (notice: LiveNotice) => void): () => void {
    return this.#noticeEvents.on(listener);
  }
  /**
   * The latest `permissions` or `elevation` notice of a session. The server sends them right after
   * the session snapshot on every connect, often before the view that shows them has mounted.
   */
  latest<T extends SessionStateNotice['type']>(type: T, sessionId: string): Extract<SessionStateNotice, { type: T }> | null {
    return (this.#latest.get(`${type}:${sessionId}`) as Extract<SessionStateNotice, { type: T }> | undefined) ?? null;
  }
  onClosed(listener: (reason: ProtocolError) => void): () => void {
    return this.#closedEvents.on(listener);
  }

  /** Sends a request; resolves with its `reply`, rejects with its `error`, a timeout, or `closed`. */
  request(request: LiveRequest): Promise<Reply> {
    if (this.#status !== 'open' || !this.#socket) {
      return Promise.reject(new ProtocolError('closed', 'Not connected to the support server. Please try again in a moment.'));
    }
    const id = `r${this.#nextId++}`;
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new ProtocolError('timeout', 'The support server did not answer in time.'));
      }, this.#requestTimeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.#send({ ...request, id } as ClientRequest);
    });
  }

  /** Closes for good: no more reconnects, every pending request rejected with `closed`. Idempotent. */
  close(reason: ProtocolError = new ProtocolError('closed', 'The connection was closed.')): void {
    if (this.#closeReason) return;
    this.#closeReason = reason;
    this.#clearTimers();
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      try {
        socket.close(1000, 'closed by client');
      } catch {
        // Closing a socket that is still connecting may throw in some engines; it is gone either way.
      }
    }
    this.#rejectPending('The connection was closed before the server answered.');
    this.#setStatus('closed');
    this.#closedEvents.emit(reason);
  }

  #connect(): void {
    this.#setStatus('connecting');
    let socket: SocketLike;
    try {
      socket = this.#createSocket(this.#url, this.#protocols);
    } catch (error) {
      // A malformed URL throws synchronously; retrying will not help.
      this.close(new ProtocolError('closed', `Cannot open ${this.#url}: ${String(error)}`));
      return;
    }
    this.#socket = socket;
    let opened = false;
    let welcomed = false;
    socket.onopen = () => {
      if (this.#socket !== socket) return;
      opened = true;
      this.#send({ type: 'hello', v: PROTOCOL_VERSION });
      this.#welcomeTimer = setTimeout(() => socket.close(4000, 'no welcome'), this.#requestTimeoutMs);
    };
    socket.onmessage = (event) => {
      if (this.#socket !== socket) return;
      if (this.#onFrame(event.data)) welcomed = true;
    };
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#onSocketClosed(welcomed, opened);
    };
    // An error is always followed by a close event, which does the work.
    socket.onerror = () => {};
  }

  /** Handles one frame; returns true when it was the `welcome`. */
  #onFrame(data: unknown): boolean {
    if (typeof data !== 'string') {
      console.warn('live: dropped a non-text frame');
      return false;
    }
    const parsed = parseServerMessage(data);
    if (!parsed.ok) {
      console.warn('live: dropped an unreadable frame:', parsed.error.message);
      return false;
    }
    const message = parsed.value;
    switch (message.type) {
      case 'welcome':
        this.#onWelcome(message);
        return true;
      case 'incompatible':
        this.close(new ProtocolError('incompatible', message.message));
        return false;
      case 'reply':
        this.#settle(message.id, (p) => p.resolve(message));
        return false;
      case 'error':
        if (message.id === null) console.warn(`live: the server could not read a frame (${message.code}): ${message.message}`);
        else this.#settle(message.id, (p) => p.reject(new ProtocolError(message.code, message.message, message.retryAfterMs === undefined ? {} : { retryAfterMs: message.retryAfterMs })));
        return false;
      default:
        if (message.type === 'permissions' || message.type === 'elevation') this.#latest.set(`${message.type}:${message.sessionId}`, message);
        this.#noticeEvents.emit(message);
        return false;
    }
  }

  #onWelcome(welcome: Welcome): void {
    if (this.#welcomeTimer) clearTimeout(this.#welcomeTimer);
    this.#welcomeTimer = null;
    this.#welcome = welcome;
    this.#backoffMs = this.#minBackoffMs;
    this.#setStatus('open');
    this.#welcomeEvents.emit(welcome);
  }

  /** `opened` false means the upgrade itself failed: the server is away, or it refused us (401/403). */
  #onSocketClosed(welcomed: boolean, opened: boolean): void {
    this.#socket = null;
    this.#clearTimers();
    this.#rejectPending('The connection to the support server was lost before it answered.');
    if (this.#closeReason) return;
    this.#setStatus('connecting');
    if (welcomed || opened || !this.#isRejected) {
      this.#scheduleReconnect();
      return;
    }
    this.#isRejected().then(
      (rejected) => {
        if (this.#closeReason) return;
        if (rejected) this.close(new ProtocolError('unauthorized', 'The support server refused the connection.'));
        else this.#scheduleReconnect();
      },
      () => this.#scheduleReconnect(),
    );
  }

  #scheduleReconnect(): void {
    if (this.#closeReason) return;
    const delay = this.#backoffMs;
    this.#backoffMs = Math.min(this.#backoffMs * 2, this.#maxBackoffMs);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (!this.#closeReason) this.#connect();
    }, delay);
  }

  #send(message: ClientMessage): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== SOCKET_OPEN) return;
    socket.send(JSON.stringify(message));
  }

  #settle(id: string, action: (pending: Pending) => void): void {
    const pending = this.#pending.get(id);
    if (!pending) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    action(pending);
  }

  #rejectPending(message: string): void {
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(new ProtocolError('closed', message));
    }
  }

  #clearTimers(): void {
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    if (this.#welcomeTimer) clearTimeout(this.#welcomeTimer);
    this.#retryTimer = null;
    this.#welcomeTimer = null;
  }

  #setStatus(status: LiveStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    this.#statusEvents.emit(status);
  }
}
