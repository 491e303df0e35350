import { z } from 'zod';
import { IdSchema, SessionStateSchema } from './common.ts';

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
