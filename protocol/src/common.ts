import { z } from 'zod';

/** Opaque random identifiers issued by the server (base64url). */
export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'malformed id');
/** Client-chosen request id, echoed in the reply. */
export const RequestIdSchema = z.string().min(1).max(64);
/** Epoch milliseconds, as stamped by the server. */
export const TimestampSchema = z.number().int().nonnegative();

/**
 * What free text from outside loses: C0 and C1 controls and DEL (NUL, ESC, CSI
 * and friends can end strings, forge log lines or drive terminals), the bidi
 * embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069 (they make
 * "invoice\u202Efdp.exe" read as "invoiceexe.pdf"), and lone surrogates (not
 * UTF-8, so a database refuses them). The marks LRM, RLM and ALM (U+200E,
 * U+200F, U+061C) stay: they cannot reorder the text that follows them
 * (they only act as one strong letter), and right-to-left names with digits need
 * them to display correctly.
 */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Every line break, CR/LF and Unicode's line and paragraph separators included. */
const BREAKS = /\r\n?|[\u2028\u2029]/g;

/**
 * Cleans free text from outside. One-line text (names, titles, incident
 * numbers, file names) gets a space for each line break or tab; multi-line text
 * (chat, notice texts, greetings, survey answers) keeps `\n` and `\t`, with
 * CR/LF and U+2028/U+2029 turned into `\n`. Text that is already clean comes
 * back unchanged.
 */
export function cleanText(text: string, multiline = false): string {
  const lines = text.replace(BREAKS, '\n');
  return (multiline ? lines : lines.replace(/[\n\t]/g, ' ')).replace(UNSAFE, '');
}

interface TextBounds {
  min?: number;
  /** The message for a text that is empty after cleaning (with `min`). */
  required?: string;
  /** The message for a text longer than `max`. */
  tooLong?: string;
  /** Collapses runs of white space into one space (names). */
  collapse?: boolean;
}

function freeText(max: number, multiline: boolean, { min = 0, required, tooLong, collapse = false }: TextBounds) {
  const long = tooLong ?? `at most ${max} characters`;
  return (
    z
      .string()
      // Bounds the cleaning's cost before it runs; the real bound applies to the cleaned text.
      .max(max * 4 + 64, long)
      .transform((s) => {
        const cleaned = cleanText(s, multiline);
        return (collapse ? cleaned.replace(/\s+/g, ' ') : cleaned).trim();
      })
      .pipe(z.string().min(min, required ?? 'a text is required').max(max, long))
  );
}

/** One line of free text from outside (names, titles, incident numbers, file names), cleaned by `cleanText` and trimmed. */
export const lineText = (max: number, bounds: TextBounds = {}) => freeText(max, false, bounds);
/** Multi-line free text from outside (chat, notice texts, greetings, survey answers): keeps `\n` and `\t`. */
export const multilineText = (max: number, bounds: TextBounds = {}) => freeText(max, true, bounds);

export const PersonNameSchema = lineText(80, { min: 1, required: 'a name is required', tooLong: 'a name has at most 80 characters', collapse: true });

export const CHAT_TEXT_MAX = 4000;
export const ChatTextSchema = multilineText(CHAT_TEXT_MAX, {
  min: 1,
  required: 'a message cannot be empty',
  tooLong: `a message has at most ${CHAT_TEXT_MAX} characters`,
});

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
