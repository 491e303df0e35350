import { z } from 'zod';
import { IdSchema, RequestIdSchema } from './common.ts';

/**
 * Elevation on the live socket: the representative asks for full control, the
 * customer answers, and the customer's extension reports how the native host
 * is doing. The server keeps the state per session and tells both parties.
 */

/** rep -> server request (empty reply): ask the customer for full control of their computer. Needs an active session of this rep. */
export const ElevateRequestSchema = z.object({ type: z.literal('elevate.request'), id: RequestIdSchema, sessionId: IdSchema });

/** customer -> server request (empty reply): Allow or Refuse the representative's request. Only while one is pending. */
export const ElevateAnswerSchema = z.object({
  type: z.literal('elevate.answer'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  allow: z.boolean(),
});

/** What the customer's native host is doing, as their extension reports it. */
export const HostStateSchema = z.enum(['installing', 'connected', 'revoked', 'ended']);
export type HostState = z.infer<typeof HostStateSchema>;

/** customer -> server request (empty reply): the native host's state changed (after an Allow). */
export const ElevateReportSchema = z.object({
  type: z.literal('elevate.report'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  host: HostStateSchema,
});

export const ElevationStateSchema = z.enum(['requested', 'allowed', 'refused', 'installing', 'connected', 'revoked', 'ended']);
export type ElevationState = z.infer<typeof ElevationStateSchema>;

/** server -> both parties notice: the session's elevation state, with the representative's name for the customer's prompt and watermark. */
export const ElevationNoticeSchema = z.object({
  type: z.literal('elevation'),
  sessionId: IdSchema,
  state: ElevationStateSchema,
  repName: z.string(),
});
export type ElevationNotice = z.infer<typeof ElevationNoticeSchema>;
