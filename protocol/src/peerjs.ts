import { z } from 'zod';
import { parseJsonMessage, type Parsed } from './parse.ts';

/**
 * The PeerJS signalling socket (`/peerjs/peerjs`), client -> server frames.
 * The `peer` server JSON.parses every frame and relays it without a schema;
 * the server checks each frame against these first and closes the socket on
 * any other. The shapes are what the peerjs 1.5 client sends: a HEARTBEAT,
 * and an OFFER, ANSWER or CANDIDATE for `dst` with a payload relayed as is.
 */

/** Largest PeerJS frame in characters (an SDP offer is a few KB; the socket's own cap is 256 KiB). */
export const PEERJS_FRAME_MAX_CHARS = 128 * 1024;
/** Deepest nesting a relayed payload may have: the peer server re-serialises it, and JSON.stringify recurses. */
export const PEERJS_PAYLOAD_MAX_DEPTH = 16;

/** Whether a decoded JSON value nests no deeper than `max` (iterative, so depth itself cannot overflow the stack). */
export function jsonDepthWithin(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return false;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return true;
}

const PeerIdSchema = z.string().min(1).max(64);
const RelayedPayloadSchema = z
  .record(z.string(), z.unknown())
  .refine((p) => jsonDepthWithin(p, PEERJS_PAYLOAD_MAX_DEPTH), `payload nests deeper than ${PEERJS_PAYLOAD_MAX_DEPTH} levels`);
const relayed = <T extends string>(type: T) => z.object({ type: z.literal(type), dst: PeerIdSchema, payload: RelayedPayloadSchema });

export const PeerjsClientFrameSchema = z.discriminatedUnion('type', [
  /** client -> server, no reply: keeps the socket alive. */
  z.object({ type: z.literal('HEARTBEAT') }),
  /** client -> server -> `dst`: a session description offer. */
  relayed('OFFER'),
  /** client -> server -> `dst`: the answer to an offer. */
  relayed('ANSWER'),
  /** client -> server -> `dst`: one ICE candidate. */
  relayed('CANDIDATE'),
]);
export type PeerjsClientFrame = z.infer<typeof PeerjsClientFrameSchema>;
const PEERJS_CLIENT_TYPES = new Set<string>(['HEARTBEAT', 'OFFER', 'ANSWER', 'CANDIDATE']);

/** Validates one text frame from a PeerJS client; never throws. */
export function parsePeerjsClientFrame(text: string): Parsed<PeerjsClientFrame> {
  return parseJsonMessage(PeerjsClientFrameSchema, PEERJS_CLIENT_TYPES, text, PEERJS_FRAME_MAX_CHARS);
}
