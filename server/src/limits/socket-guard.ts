import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/** Close code for a socket whose client stopped reading (its unsent data passed the limit). */
export const NOT_READING = { code: 4008, reason: 'not reading' } as const;
/** Close code for a live socket over its party's limit (LIVE_SOCKETS_PER_SESSION, LIVE_SOCKETS_PER_REP). */
export const TOO_MANY_SOCKETS = { code: 4029, reason: 'too many connections' } as const;
/** How long a socket closed for not reading has to take its close frame before it is dropped. */
const NOT_READING_GRACE_MS = 1_000;

/**
 * Sends only while the socket's unsent data (ws's queue plus the TCP
 * socket's) is under `maxBuffered`; past it the client is not reading, so
 * the socket is closed with 4008 and dropped shortly after, instead of the
 * server holding every later message for it. Returns whether it sent.
 */
export function sendBounded(ws: WebSocket, maxBuffered: number, send: () => void): boolean {
  if (ws.readyState !== ws.OPEN) return false;
  if (ws.bufferedAmount > maxBuffered) {
    dropNotReading(ws);
    return false;
  }
  send();
  return true;
}

function dropNotReading(ws: WebSocket): void {
  ws.close(NOT_READING.code, NOT_READING.reason);
  setTimeout(() => ws.terminate(), NOT_READING_GRACE_MS).unref();
}

/** Makes every later `ws.send` bounded (for a socket whose sends are made by a library: the PeerJS server). */
export function boundSends(ws: WebSocket, maxBuffered: number): void {
  const send = ws.send.bind(ws) as (data: unknown, ...rest: unknown[]) => void;
  ws.send = ((data: unknown, ...rest: unknown[]) => {
    sendBounded(ws, maxBuffered, () => send(data, ...rest));
  }) as WebSocket['send'];
}

/**
 * Open sockets per key (a customer session, a representative, a peer id):
 * `take` reserves one before the upgrade completes, and the reservation
 * is given back when the TCP socket closes, whether the handshake finished
 * or not, so a client cannot hold more by never sending `hello`.
 */
export class SocketQuota {
  readonly #open = new Map<string, number>();

  /** Reserves a socket for `key` unless it already has `max`; false means refuse the upgrade. */
  take(key: string, max: number, socket: Duplex): boolean {
    const open = this.#open.get(key) ?? 0;
    if (open >= max) return false;
    this.#open.set(key, open + 1);
    socket.once('close', () => {
      const left = (this.#open.get(key) ?? 1) - 1;
      if (left <= 0) this.#open.delete(key);
      else this.#open.set(key, left);
    });
    return true;
  }
}
