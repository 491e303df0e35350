import type { WebSocket } from 'ws';
import { parsePeerjsClientFrame, type PeerjsClientFrame } from '@rs/protocol';
import type { PeerBudget } from './budgets.ts';
import { log } from '../observability/log.ts';

/** Policy violation: the close code for a frame that is not a PeerJS client frame. */
export const BAD_PEER_FRAME_CLOSE = 1008;
/** Close for a peer id past PEER_SIGNAL_BYTES_PER_MINUTE. */
export const TOO_MUCH_SIGNALLING = { code: 4029, reason: 'too much signalling' } as const;
/** Close for a peer id past PEER_ABSENT_BYTES: frames to peers that are not connected are queued by the peer server. */
export const TOO_MUCH_ABSENT_SIGNALLING = { code: 4029, reason: 'too much signalling for peers not connected' } as const;

/** What the gate charges relayed frames to: every one to `signal`, those for a `dst` with no socket to `absent` too. */
export interface SignalBudgets {
  /** Whether the peer id holds a socket on some node. */
  connected(peerId: string): boolean;
  signal: PeerBudget;
  absent: PeerBudget;
}

/** A frame for another peer, parsed and paid for; the relay checks who may receive it and carries it (router.ts). */
export type RelayFrame = Extract<PeerjsClientFrame, { dst: string }>;
const CLOSE_REASON_MAX_BYTES = 123;

/** A close reason ws accepts: printable ASCII only, at most 123 bytes (ws throws on more). */
export function closeReason(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, CLOSE_REASON_MAX_BYTES);
}

/**
 * Puts a schema in front of the `peer` server's own message listener. That
 * listener JSON.parses each frame, stamps `src` on whatever came out and relays
 * it, re-emitting any failure as an `error` event; a frame it should never see
 * is one it cannot mishandle. There is no way to stop one EventEmitter listener
 * from running once another has, so the gate sits on this socket's `emit`:
 * a frame that does not parse closes the socket (only this one) with the
 * reason. A HEARTBEAT goes on to the peer server; a frame for another peer is
 * charged to the sender's budgets (past one the sender is closed) and handed
 * to `relay`, never to the peer server, which knows only this node's sockets.
 */
export function guardPeerSocket(ws: WebSocket, peerId: string, budgets: SignalBudgets, relay: (frame: RelayFrame) => void): void {
  const emit = ws.emit.bind(ws) as (event: string | symbol, ...args: unknown[]) => boolean;
  ws.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event !== 'message') return emit(event, ...args);
    if (ws.readyState !== ws.OPEN) return false;
    const [data, isBinary] = args as [unknown, boolean];
    // ws hands text frames over as a Buffer (binaryType 'nodebuffer'); the peerjs client sends text only.
    const parsed = !isBinary && Buffer.isBuffer(data) ? parsePeerjsClientFrame(data.toString()) : null;
    if (!parsed?.ok) {
      const why = parsed ? `${parsed.error.code}: ${parsed.error.message}` : 'binary frames are not accepted';
      ws.close(BAD_PEER_FRAME_CLOSE, closeReason(`bad PeerJS frame: ${why}`));
      return false;
    }
    const frame = parsed.value;
    if ('dst' in frame) {
      const size = (data as Buffer).length;
      const connected = budgets.connected(frame.dst);
      const over = !connected && !budgets.absent.take(peerId, size) ? TOO_MUCH_ABSENT_SIGNALLING : !budgets.signal.take(peerId, size) ? TOO_MUCH_SIGNALLING : null;
      if (over) {
        // Said in the log: an operator whose customers' shares are cut needs to know which budget did it.
        log.warn(`PeerJS peer ${peerId.slice(0, 6)}… closed: ${over.reason} (${size} bytes to ${connected ? 'a connected' : 'an absent'} peer)`);
        ws.close(over.code, over.reason);
        return false;
      }
      relay(frame);
      return true;
    }
    return emit(event, ...args);
  }) as typeof ws.emit;
}
