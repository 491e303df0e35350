import { WebSocket } from 'ws';
import { AUTH_SUBPROTOCOL_PREFIX, LIVE_SUBPROTOCOL, PROTOCOL_VERSION, parseServerMessage } from '@rs/protocol';
import { OPERATIONS } from '../http/openapi.ts';

/**
 * Drivers that send hostile input to a REAL server over its sockets and REST
 * API and sort every answer: a typed error, an accepted input, a socket the
 * server closed on purpose (with its close code), or something untyped. Used
 * by the integration fuzz (a few thousand inputs) and by `npm run fuzz` (a
 * million per surface). Test and fuzz code only.
 */
export type SurfaceStats = {
  surface: string;
  /** Inputs sent. */
  inputs: number;
  /** Answered with a typed error (an `error` frame with a known code, a typed REST error body, a PeerJS close with its reason). */
  typedErrors: number;
  /** Of those, `internal` (a handler failed: a bug, though not a crash). */
  internal: number;
  /** Taken as valid (a reply, a relayed PeerJS frame, a 2xx). */
  accepted: number;
  /** Sockets the server closed on purpose, by close code (incompatible hello, frame over the cap, bad PeerJS frame). */
  closes: Record<string, number>;
  /** Anything else: a frame that does not parse, a body that is not a typed error, a 5xx, no answer in time. */
  untyped: number;
  /** A sample of the untyped answers, to read. */
  samples: string[];
};

export const newStats = (surface: string): SurfaceStats => ({ surface, inputs: 0, typedErrors: 0, internal: 0, accepted: 0, closes: {}, untyped: 0, samples: [] });

function untyped(stats: SurfaceStats, what: string): void {
  stats.untyped++;
  if (stats.samples.length < 10) stats.samples.push(what.slice(0, 300));
}
const countClose = (stats: SurfaceStats, code: number) => void (stats.closes[code] = (stats.closes[code] ?? 0) + 1);

const ANSWER_TIMEOUT_MS = 20_000;
/** Over this a live frame closes the socket (the gateway's hard frame limit) instead of getting an answer. */
const LIVE_HARD_FRAME_LIMIT = 1024 * 1024;

type Waiter = { left: number; resolve: () => void };

/** One live socket after its welcome: counts each `reply`/`error` as the answer to one frame sent. */
class LiveConnection {
  readonly ws: WebSocket;
  readonly closed: Promise<number>;
  #waiter: Waiter | null = null;
  #welcomed!: () => void;
  readonly welcomed = new Promise<void>((resolve) => (this.#welcomed = resolve));

  constructor(url: string, token: string, origin: string, stats: SurfaceStats) {
    this.ws = new WebSocket(url, [LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX + token], { origin });
    this.ws.on('error', () => {});
    this.closed = new Promise((resolve) => this.ws.once('close', (code) => {
      this.#waiter?.resolve();
      resolve(code);
    }));
    this.ws.on('message', (data, isBinary) => {
      const parsed = isBinary ? null : parseServerMessage(data.toString());
      if (!parsed?.ok) return untyped(stats, `live frame: ${data.toString()}`);
      const m = parsed.value;
      if (m.type === 'welcome') return this.#welcomed();
      if (m.type !== 'error' && m.type !== 'reply') return;
      if (m.type === 'error') {
        stats.typedErrors++;
        if (m.code === 'internal') stats.internal++;
      } else stats.accepted++;
      if (this.#waiter && --this.#waiter.left === 0) this.#waiter.resolve();
    });
  }

  static async open(url: string, token: string, origin: string, stats: SurfaceStats): Promise<LiveConnection> {
    const c = new LiveConnection(url, token, origin, stats);
    await new Promise<void>((resolve, reject) => {
      c.ws.once('open', () => resolve());
      c.ws.once('error', reject);
    });
    c.ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION }));
    await Promise.race([c.welcomed, c.closed]);
    return c;
  }

  /** Sends the frames and waits for one answer each, or the socket's close; returns false on close. */
  async sendAll(frames: string[], stats: SurfaceStats): Promise<boolean> {
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    const done = new Promise<void>((resolve) => (this.#waiter = { left: frames.length, resolve }));
    for (const f of frames) this.ws.send(f);
    stats.inputs += frames.length;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([done.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), ANSWER_TIMEOUT_MS)))]);
    clearTimeout(timer);
    const left = this.#waiter?.left ?? 0;
    this.#waiter = null;
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    if (timedOut) for (let i = 0; i < left; i++) untyped(stats, 'live: no answer in time');
    return true;
  }
}

/** A frame that ends the socket by design: a hello (an incompatible one closes it) or one over the hard limit. */
const closesLiveSocket = (text: string) => text.length > LIVE_HARD_FRAME_LIMIT / 4 || text.includes('hello');

/**
 * The live socket, as a customer of an open session: frames are pipelined in
 * batches; one that may close the socket goes alone, and the socket is
 * reopened after any close.
 */
export async function fuzzLiveSocket(opts: { base: string; token: string; origin: string; inputs: Iterable<string>; batch?: number; until?: number }): Promise<SurfaceStats> {
  const stats = newStats('live socket');
  const url = `${opts.base.replace('http', 'ws')}/api/ws`;
  let conn = await LiveConnection.open(url, opts.token, opts.origin, stats);
  const flush = async (frames: string[]) => {
    if (frames.length === 0) return;
    if (!(await conn.sendAll(frames, stats))) {
      countClose(stats, await conn.closed);
      conn = await LiveConnection.open(url, opts.token, opts.origin, stats);
    }
  };
  let batch: string[] = [];
  for (const text of opts.inputs) {
    if (opts.until && Date.now() > opts.until) break;
    if (closesLiveSocket(text)) {
      await flush(batch);
      batch = [];
      await flush([text]);
      continue;
    }
    batch.push(text);
    if (batch.length >= (opts.batch ?? 200)) {
      await flush(batch);
      batch = [];
    }
  }
  await flush(batch);
  conn.ws.close();
  return stats;
}

/** An issued peer to send hostile frames from, and the other party of its session, which receives the sentinels. */
export interface PeerPair {
  peerId: string;
  peerToken: string;
  origin: string;
  partner: { peerId: string; peerToken: string; origin: string };
}

/**
 * The PeerJS socket: each frame is followed by a sentinel CANDIDATE addressed
 * to the other party of the sender's session (the server relays only between
 * the two current parties of one session), whose socket the driver holds too;
 * its arrival means the frame was taken and the socket is fine, a close means
 * it was refused (1008 with the reason, 1009 over the cap, 4029 past PEER_ABSENT_BYTES). One worker per issued
 * id: the peer server relays to an id's latest socket only.
 */
export async function fuzzPeerSocket(opts: { base: string; peers: ReadonlyArray<PeerPair>; inputs: Iterable<string>; until?: number }): Promise<SurfaceStats> {
  const stats = newStats('PeerJS socket');
  const iterator = opts.inputs[Symbol.iterator]();
  const next = (): string | null => {
    if (opts.until && Date.now() > opts.until) return null;
    const r = iterator.next();
    return r.done ? null : r.value;
  };
  type Peer = PeerPair['partner'];
  const open = (peer: Peer) =>
    new Promise<WebSocket>((resolve, reject) => {
      const url = `${opts.base.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${peer.peerId}&token=${peer.peerToken}&version=1.5.5`;
      const ws = new WebSocket(url, { origin: peer.origin });
      ws.on('error', () => {});
      // A reconnect with a known id gets no OPEN from the peer server, so the socket's own open is the signal.
      ws.once('open', () => resolve(ws));
      ws.once('close', (code) => reject(new Error(`PeerJS socket refused (${code})`)));
    });
  let seq = 0;
  const worker = async (peer: PeerPair) => {
    let ws = await open(peer);
    let partner = await open(peer.partner);
    for (let text = next(); text !== null; text = next()) {
      const id = `s${seq++}`;
      const sentinel = JSON.stringify({ type: 'CANDIDATE', dst: peer.partner.peerId, payload: { sentinel: id } });
      const receiver = partner;
      const outcome = await new Promise<'echo' | number | 'timeout'>((resolve) => {
        const onMessage = (data: Buffer) => {
          if (data.toString().includes(`"sentinel":"${id}"`)) finish('echo');
        };
        const onClose = (code: number) => finish(code);
        const timer = setTimeout(() => finish('timeout'), ANSWER_TIMEOUT_MS);
        const finish = (o: 'echo' | number | 'timeout') => {
          clearTimeout(timer);
          receiver.off('message', onMessage);
          ws.off('close', onClose);
          resolve(o);
        };
        receiver.on('message', onMessage);
        ws.on('close', onClose);
        ws.send(text);
        ws.send(sentinel);
      });
      stats.inputs++;
      if (outcome === 'echo') stats.accepted++;
      else if (outcome === 'timeout') untyped(stats, `PeerJS: no echo and no close for ${text}`);
      else {
        countClose(stats, outcome);
        if (outcome === 1008 || outcome === 1009 || outcome === 1007 || outcome === 4029) stats.typedErrors++;
        else untyped(stats, `PeerJS: closed ${outcome} for ${text}`);
      }
      if (ws.readyState !== WebSocket.OPEN) {
        ws.terminate();
        ws = await open(peer);
      }
      if (partner.readyState !== WebSocket.OPEN) {
        partner.terminate();
        partner = await open(peer.partner);
      }
    }
    ws.close();
    partner.close();
  };
  await Promise.all(opts.peers.map(worker));
  return stats;
}

export type RestInput = {
  method: string;
  path: string;
  /** The route's template (`/api/sessions/:id/peer`), to group answers by. */
  route: string;
  /** Whether a path parameter is a malformed `%` escape (decodeURIComponent fails on it). */
  malformedPercent: boolean;
  body?: string;
  token?: string;
};

/**
 * REST: each request's answer must be a 2xx or a typed error body
 * (`{ error: { code, message } }`) with a 4xx. A 5xx counts as untyped even
 * with a typed body; `fivexx` counts them by path pattern, a malformed `%`
 * marked apart.
 */
export async function fuzzRest(opts: { base: string; inputs: Iterable<RestInput>; concurrency?: number; until?: number }): Promise<SurfaceStats & { fivexx: Record<string, number> }> {
  const stats = { ...newStats('REST'), fivexx: {} as Record<string, number> };
  const iterator = opts.inputs[Symbol.iterator]();
  const worker = async () => {
    for (;;) {
      if (opts.until && Date.now() > opts.until) return;
      const r = iterator.next();
      if (r.done) return;
      const input = r.value;
      stats.inputs++;
      try {
        const res = await fetch(opts.base + input.path, {
          method: input.method,
          headers: { ...(input.body === undefined ? {} : { 'content-type': 'application/json' }), ...(input.token ? { authorization: `Bearer ${input.token}` } : {}) },
          body: input.body,
        });
        const text = await res.text();
        if (res.status < 300) {
          stats.accepted++;
          continue;
        }
        let code: unknown;
        try {
          code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
        } catch {
          code = undefined;
        }
        if (res.status >= 500) {
          const key = `${res.status} ${input.method} ${input.route}${input.malformedPercent ? ' (malformed %)' : ''}`;
          stats.fivexx[key] = (stats.fivexx[key] ?? 0) + 1;
          untyped(stats, `${key}: ${text}`);
        } else if (typeof code === 'string') stats.typedErrors++;
        else untyped(stats, `${res.status} ${input.method} ${input.path}: ${text}`);
      } catch (err) {
        untyped(stats, `${input.method} ${input.path}: ${err instanceof Error ? err.message : 'failed'}`);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
  return stats;
}

/** Left out of the fuzz: sign-out and password changes would end the fuzz's own sign-in; installers and the API documents are big answers to no input. */
const NOT_FUZZED = new Set(['signOut', 'resetPassword', 'downloadInstaller', 'openApiDocument', 'asyncApiDocument']);

/** The REST routes, with `:param` placeholders: every declared operation (see http/openapi.ts), and two that are no route. */
export const REST_ROUTES: ReadonlyArray<readonly [string, string]> = [
  ...OPERATIONS.filter((op) => !NOT_FUZZED.has(op.operationId)).map((op) => [op.method.toUpperCase(), op.path] as const),
  ['GET', '/api/no-such-route'], ['GET', '/peerjs/peerjs/id'],
];

