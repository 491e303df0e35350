import { z } from 'zod';
import { IdSchema, SessionStateSchema } from './common.ts';
import { ServerMessageSchema } from './socket.ts';

/**
 * What server nodes tell each other over the bus (in process, or Redis
 * pub/sub). A node parses what arrives like any other input.
 */

/** Published after every committed session transition (create, accept, hold, take over, transfer, close). */
export const SESSION_CHANGED_CHANNEL = 'session.changed';
export const SessionChangedSchema = z.object({
  sessionId: IdSchema,
  state: SessionStateSchema,
  /** The representative who holds the session now (null while it waits or after it closed). */
  repId: z.string().max(64).nullable(),
  /** The one who held it before this transition, when that changed (hold, transfer, take over, close). */
  previousRepId: z.string().max(64).nullable(),
});
export type SessionChanged = z.infer<typeof SessionChangedSchema>;

/** Published when a representative's sign-in ends: one token (sign-out) or all of them (tokenHash null: disabled, password reset). */
export const REP_SIGNED_OUT_CHANNEL = 'rep.signed-out';
export const RepSignedOutSchema = z.object({
  repId: z.string().max(64),
  tokenHash: z.string().max(128).nullable(),
});
export type RepSignedOut = z.infer<typeof RepSignedOutSchema>;

/** A node's id on the bus and in presence keys (random per start). */
const NodeIdSchema = z.string().min(1).max(64);

/**
 * Live notices for parties connected to other nodes: each node delivers
 * `message` to its own connections of `to` (the sending node already served
 * its own, so it skips messages from its `origin`).
 */
export const HUB_DELIVER_CHANNEL = 'hub.deliver';
export const HubDeliverySchema = z.object({
  origin: NodeIdSchema,
  to: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('rep'), repId: z.string().max(64) }),
    z.object({ kind: z.literal('customer'), sessionId: IdSchema }),
    z.object({ kind: z.literal('reps') }),
    /** A session's parties: its customer and, when it has one, its representative (one delivery per chat line). */
    z.object({ kind: z.literal('session'), sessionId: IdSchema, repId: z.string().max(64).nullable() }),
  ]),
  message: ServerMessageSchema,
});
export type HubDelivery = z.infer<typeof HubDeliverySchema>;

/** Close every connection of a token (sign-out) or of a representative (disabled, password reset) on every node. */
export const HUB_CLOSE_CHANNEL = 'hub.close';
export const HubCloseSchema = z.object({
  origin: NodeIdSchema,
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('token'), tokenHash: z.string().max(128) }),
    z.object({ kind: z.literal('rep'), repId: z.string().max(64) }),
  ]),
  /** A WebSocket close code an application may send, and its reason (at most 123 bytes on the wire). */
  code: z.number().int().min(1000).max(4999),
  reason: z.string().max(123),
});
export type HubClose = z.infer<typeof HubCloseSchema>;

/**
 * Something changed that every node recomputes for its own connections:
 * `presence` (who is connected: wait estimates), `queue` (each node sends its
 * representatives their own queue).
 */
export const CLUSTER_CHANGED_CHANNEL = 'cluster.changed';
export const ClusterChangedSchema = z.object({
  origin: NodeIdSchema,
  what: z.enum(['presence', 'queue']),
});
export type ClusterChanged = z.infer<typeof ClusterChangedSchema>;
