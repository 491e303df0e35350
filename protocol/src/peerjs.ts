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

/**
 * Why the server closed a PeerJS socket whose role ended (close code 4003 with
 * one of these reasons; the server sends the reason first as a PeerJS `ERROR`
 * frame, so the peerjs client reports it). The credentials are dead from then
 * on: a party that still has a role fetches new ones.
 */
export const PEER_ROLE_ENDED_CODE = 4003;
export const PEER_ROLE_ENDED = {
  /** Hold, take over, transfer: the representative's peer belongs to the one who held the session. */
  handedOver: 'the session was handed over',
  ended: 'the session has ended',
  /** The representative's sign-in ended (sign-out, disabled, password reset). */
  signedOut: 'signed out',
} as const;
export type PeerRoleEnded = (typeof PEER_ROLE_ENDED)[keyof typeof PEER_ROLE_ENDED];

/** Per server node: PeerJS frames relayed, and frames dropped because they were not between the two current parties of one session. */
export const PeerjsStatsSchema = z.object({
  relayed: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
  forwarded: z.number().int().nonnegative(),
  expired: z.number().int().nonnegative(),
});
export type PeerjsStats = z.infer<typeof PeerjsStatsSchema>;

/*
 * Between server nodes (the bus: in process, or Redis pub/sub). A node that
 * holds a PeerJS socket records it in the store and says so on the presence
 * channel; a frame for a peer held by another node goes to that node's channel.
 * The receiving node parses every message like any other input.
 */

/** Where a node receives frames for the peers whose sockets it holds. */
export const peerjsNodeChannel = (nodeId: string) => `peerjs.node.${nodeId}`;
/** node -> every node: a peer's socket opened on (online) or left (offline) `nodeId`. */
export const PEERJS_PRESENCE_CHANNEL = 'peerjs.presence';
const NodeIdSchema = z.string().min(1).max(64);

export const PeerjsPresenceSchema = z.object({ peerId: PeerIdSchema, nodeId: NodeIdSchema, online: z.boolean() });
export type PeerjsPresence = z.infer<typeof PeerjsPresenceSchema>;

/** node -> the node holding `dst`: one frame the sending node already checked (parties of one session), src stamped by it. */
export const PeerjsForwardSchema = z.object({
  type: z.enum(['OFFER', 'ANSWER', 'CANDIDATE', 'EXPIRE']),
  src: PeerIdSchema,
  dst: PeerIdSchema,
  payload: RelayedPayloadSchema.optional(),
  /** Forwards so far: a node forwards a frame it received only when the peer it waits for turns up elsewhere. */
  hops: z.number().int().min(0).max(4),
});
export type PeerjsForward = z.infer<typeof PeerjsForwardSchema>;
