import { z } from 'zod';
import { IdSchema, RequestIdSchema, TimestampSchema } from './common.ts';

/**
 * What a representative may do in a session, each granted by the customer:
 * `view` the shared screen, `control` the desktop, move `files`.
 */
export const PermissionKindSchema = z.enum(['view', 'control', 'files']);
export type PermissionKind = z.infer<typeof PermissionKindSchema>;

/** `asked`: the rep asked and the customer has not answered; `refused`: the customer said no; `revoked`: taken back after a grant. */
export const PermissionStateSchema = z.enum(['asked', 'granted', 'refused', 'revoked']);
export type PermissionState = z.infer<typeof PermissionStateSchema>;

/**
 * One permission of one session as the server holds it: what, its state, who changed it last and when, and the
 * representative it was asked by and granted to (consent belongs to that one representative: a hold, transfer,
 * takeover or close revokes it, and the next representative asks again). `repName` is what the customer's
 * prompt shows ("Grace Hopper asks to view your screen"); null for a grant older than this binding.
 */
export const PermissionViewSchema = z.object({
  kind: PermissionKindSchema,
  state: PermissionStateSchema,
  by: z.enum(['customer', 'rep', 'system']),
  at: TimestampSchema,
  repName: z.string().max(200).nullable().optional(),
});
export type PermissionView = z.infer<typeof PermissionViewSchema>;

/** What the customer is sharing: the whole screen, one window, or one browser tab (the browser's `displaySurface`). */
export const SurfaceSchema = z.enum(['monitor', 'window', 'browser']);
export type Surface = z.infer<typeof SurfaceSchema>;

/** Why sharing stopped; `rep_changed`: the representative it was shared with held or transferred the session (consent ends with them). */
export const ShareStopReasonSchema = z.enum(['customer_stopped', 'browser_stopped', 'session_ended', 'connection_lost', 'rep_changed']);
export type ShareStopReason = z.infer<typeof ShareStopReasonSchema>;

/** rep -> server request (empty reply): ask the customer for a permission; the customer gets `permissions` with it `asked`. */
export const PermissionRequestSchema = z.object({
  type: z.literal('permission.request'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  permission: PermissionKindSchema,
});

/** customer -> server request (empty reply): allow or refuse an asked permission. */
export const PermissionAnswerSchema = z.object({
  type: z.literal('permission.answer'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  permission: PermissionKindSchema,
  allow: z.boolean(),
});

/** customer -> server request (empty reply): a source is being shared now (first pick or MODIFY SHARING). Needs `view` granted. */
export const ShareStartedSchema = z.object({
  type: z.literal('share.started'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  surface: SurfaceSchema,
});

/**
 * customer -> server request (empty reply): STOP SHARING, the browser's stop bar, or the customer's side
 * lost the media connection (or the page that held the capture). Revokes every permission the representative holds.
 */
export const ShareStopSchema = z.object({
  type: z.literal('share.stop'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  reason: z.enum(['customer_stopped', 'browser_stopped', 'connection_lost']),
});

/** server -> both parties notice: every permission of the session, after each change. */
export const PermissionsNoticeSchema = z.object({
  type: z.literal('permissions'),
  sessionId: IdSchema,
  permissions: z.array(PermissionViewSchema),
});

/** server -> both parties notice: the customer's screen share started, switched source, or stopped. */
export const ShareNoticeSchema = z.object({
  type: z.literal('share'),
  sessionId: IdSchema,
  sharing: z.boolean(),
  surface: SurfaceSchema.nullable(),
  reason: ShareStopReasonSchema.nullable(),
  at: TimestampSchema,
});
export type ShareNotice = z.infer<typeof ShareNoticeSchema>;

/** GET /api/sessions/:id/permissions (either party). */
export const PermissionsResponseSchema = z.object({ permissions: z.array(PermissionViewSchema) });
export type PermissionsResponse = z.infer<typeof PermissionsResponseSchema>;
