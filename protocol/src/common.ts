import { z } from 'zod';

/** Opaque random identifiers issued by the server (base64url). */
export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'malformed id');
/** Client-chosen request id, echoed in the reply. */
export const RequestIdSchema = z.string().min(1).max(64);
/** Epoch milliseconds, as stamped by the server. */
export const TimestampSchema = z.number().int().nonnegative();

/** Strips control characters (but not newlines in chat) from untrusted text. */
const noControl = (s: string) => s.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '');

export const PersonNameSchema = z
  .string()
  .transform((s) => noControl(s).replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'a name is required').max(80, 'a name has at most 80 characters'));

export const CHAT_TEXT_MAX = 4000;
export const ChatTextSchema = z
  .string()
  .transform((s) => noControl(s).trim())
  .pipe(z.string().min(1, 'a message cannot be empty').max(CHAT_TEXT_MAX, `a message has at most ${CHAT_TEXT_MAX} characters`));

export const RoleSchema = z.enum(['customer', 'rep']);
export type Role = z.infer<typeof RoleSchema>;

/** Where a session is in its life; transitions happen on the server only. */
/** `held`: a representative put it back in the team queue (transcript kept) for another to take over. */
export const SessionStateSchema = z.enum(['queued', 'active', 'closed', 'held']);
export type SessionState = z.infer<typeof SessionStateSchema>;

/** Why a session closed. */
export const EndReasonSchema = z.enum(['rep_closed', 'customer_left', 'timeout']);
export type EndReason = z.infer<typeof EndReasonSchema>;

/** A session as both parties see it. */
export const SessionViewSchema = z.object({
  id: IdSchema,
  state: SessionStateSchema,
  customerName: z.string(),
  repId: IdSchema.nullable(),
  repName: z.string().nullable(),
  createdAt: TimestampSchema,
  queuedAt: TimestampSchema,
  acceptedAt: TimestampSchema.nullable(),
  endedAt: TimestampSchema.nullable(),
  endReason: EndReasonSchema.nullable(),
  /** The customer's answer to the recording prompt; null or absent when the site does not ask. */
  recordingAllowed: z.boolean().nullable().optional(),
});
export type SessionView = z.infer<typeof SessionViewSchema>;

/** One transcript line. `system` lines are written by the server (joins, ends). */
export const ChatMessageSchema = z.object({
  id: IdSchema,
  sessionId: IdSchema,
  seq: z.number().int().positive(),
  author: z.enum(['customer', 'rep', 'system']),
  authorName: z.string(),
  text: z.string(),
  at: TimestampSchema,
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/** A waiting customer as the representatives' queue shows it. */
export const QueueEntrySchema = z.object({
  sessionId: IdSchema,
  customerName: z.string(),
  queuedAt: TimestampSchema,
  /** The public site the customer started from. */
  siteName: z.string().optional(),
  recordingAllowed: z.boolean().nullable().optional(),
  /** Set for a session started from a session key: the incident it belongs to. */
  incident: z.string().nullable().optional(),
  /** Which queue shows it: this rep's personal queue, a team's queue, or the general one. Absent means general. */
  queue: z.enum(['personal', 'team', 'general']).optional(),
  /** Set for a held session waiting to be taken over. */
  held: z.boolean().optional(),
});
export type QueueEntry = z.infer<typeof QueueEntrySchema>;

export const RepSchema = z.object({
  id: IdSchema,
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['rep', 'admin']),
});
export type Rep = z.infer<typeof RepSchema>;
