import { z } from 'zod';
import { ChatMessageSchema, EndReasonSchema, IdSchema, PersonNameSchema, RequestIdSchema, TimestampSchema, lineText } from './common.ts';
import { OpenSessionMessageSchema } from './handover.ts';

/**
 * The representative workflow of a service desk (ITSM): session keys for
 * incidents, email invitations, hold and transfer, history, journal, webhooks
 * and integration API tokens. REST unless marked as a live-socket message.
 */

/** Session keys are 9 digits, short enough to read out on the phone; people may type spaces or dashes. */
export const SESSION_KEY_DIGITS = 9;
export const SessionKeyCodeSchema = z
  .string()
  .max(64)
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{9}$/, `a session key has ${SESSION_KEY_DIGITS} digits`));

/** `123456789` -> `123 456 789`, the way it is read out. */
export const formatSessionKey = (code: string): string => `${code.slice(0, 3)} ${code.slice(3, 6)} ${code.slice(6)}`;

/** The URL fragment that carries a key on the public support page: never sent to (or logged by) the server. */
export const SESSION_KEY_FRAGMENT = 'key';

export const IncidentSchema = lineText(64, { min: 1, required: 'an incident number is required', tooLong: 'an incident number has at most 64 characters' });

const EmailSchema = z.email('not an email address').max(254);

/** POST /api/session-keys (rep): a key for an incident, optionally with the customer's email. */
export const GenerateSessionKeyRequestSchema = z.object({
  incident: IncidentSchema,
  customerEmail: EmailSchema.nullable().optional(),
});
export const SessionKeyViewSchema = z.object({
  id: IdSchema,
  /** Formatted for reading out (`123 456 789`). Shown once, to the rep who generated it; only its hash is stored. */
  key: z.string(),
  incident: z.string(),
  customerEmail: z.string().nullable(),
  /** The public support page with the key in its fragment. */
  link: z.string(),
  expiresAt: TimestampSchema,
});
export type SessionKeyView = z.infer<typeof SessionKeyViewSchema>;

/**
 * POST /api/session-keys/:id/email (rep, the key's owner): emails the invitation. The server keeps only a hash of
 * the key, so the console sends the key it was shown; `to` defaults to the key's customer email.
 */
export const SendSessionKeyEmailRequestSchema = z.object({ key: SessionKeyCodeSchema, to: EmailSchema.optional() });

/** One line in an incident's journal. */
export const JournalEntrySchema = z.object({
  id: IdSchema,
  incident: z.string(),
  kind: z.enum(['email_sent', 'remote_support_history']),
  at: TimestampSchema,
  text: z.string(),
  sessionId: IdSchema.nullable(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;
export const SendSessionKeyEmailResponseSchema = z.object({ sentTo: z.string(), journal: JournalEntrySchema });

/** GET /api/itsm/incidents/:incident/journal (integration API token with `journal:read`, or a rep). */
export const JournalResponseSchema = z.object({ incident: z.string(), entries: z.array(JournalEntrySchema) });

/** POST /api/session-keys/redeem (anyone; rate-limited per key and per address): starts the keyed session. Answer: CreateSessionResponse. */
export const RedeemSessionKeyRequestSchema = z.object({
  key: z.string().max(64),
  customerName: PersonNameSchema,
  /** The customer's answer to the site's recording prompt, when it asks (click-to-chat intake). */
  recordingAllowed: z.boolean().optional(),
});

/** Where a transfer sends a session: straight to a representative, or to a team's queue. */
export const TransferTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rep'), repId: IdSchema }),
  z.object({ kind: z.literal('team'), teamId: IdSchema }),
]);
export type TransferTarget = z.infer<typeof TransferTargetSchema>;

/** rep -> server live request (reply carries the session): hand an active session to another rep or a team. */
export const SessionTransferSchema = z.object({
  type: z.literal('session.transfer'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  to: TransferTargetSchema,
});

export const TeamSchema = z.object({ id: IdSchema, name: z.string(), memberIds: z.array(IdSchema) });
export type Team = z.infer<typeof TeamSchema>;

/** GET /api/directory (rep): who a session can be transferred to. */
export const DirectoryResponseSchema = z.object({
  reps: z.array(z.object({ id: IdSchema, displayName: z.string(), online: z.boolean() })),
  teams: z.array(TeamSchema),
});
export type DirectoryResponse = z.infer<typeof DirectoryResponseSchema>;

/** POST /api/teams (admin) and POST /api/teams/:id/members (admin). */
export const CreateTeamRequestSchema = z.object({ name: lineText(64, { min: 1 }) });
export const AddTeamMemberRequestSchema = z.object({ repId: IdSchema });

export const HistoryParticipantSchema = z.object({ role: z.enum(['customer', 'rep']), name: z.string(), repId: IdSchema.nullable() });

/** One ended session in the Remote Support History list. */
export const HistorySummarySchema = z.object({
  sessionId: IdSchema,
  incident: z.string().nullable(),
  customerName: z.string(),
  repNames: z.array(z.string()),
  startedAt: TimestampSchema,
  endedAt: TimestampSchema,
  endReason: EndReasonSchema,
  /** True once a webhook delivered this history to an ITSM. */
  synced: z.boolean(),
});
export type HistorySummary = z.infer<typeof HistorySummarySchema>;

/** GET /api/history?incident=&customer=&from=&to= (rep): newest first; from/to are dates (YYYY-MM-DD) or epoch ms. */
export const HistoryListResponseSchema = z.object({ entries: z.array(HistorySummarySchema) });

/** GET /api/history/:sessionId (rep): the whole Remote Support History of one session. */
export const HistoryDetailSchema = HistorySummarySchema.extend({
  participants: z.array(HistoryParticipantSchema),
  events: z.array(z.object({ kind: z.string(), at: TimestampSchema, text: z.string() })),
  transcript: z.array(ChatMessageSchema),
  /** The session's (first) screen recording, as an API path that needs a representative's sign-in; null without one. */
  recordingUrl: z.string().nullable(),
  files: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative(), direction: z.enum(['to_customer', 'from_customer']), at: TimestampSchema })),
  survey: z.array(z.object({ question: z.string(), answer: z.string() })),
});
export type HistoryDetail = z.infer<typeof HistoryDetailSchema>;

/** The body POSTed to an integration's webhook; signed with HMAC-SHA256 (see docs/PROTOCOL.md). Links are signed and expire. */
export const WebhookPayloadSchema = z.object({
  type: z.literal('remote_support_history'),
  deliveryId: IdSchema,
  sentAt: TimestampSchema,
  history: HistoryDetailSchema.omit({ transcript: true, recordingUrl: true, synced: true }).extend({
    transcriptUrl: z.string(),
    recordingUrl: z.string().nullable(),
  }),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;

/** POST /api/integrations (admin): an ITSM webhook. The secret is returned once when generated. */
export const CreateIntegrationRequestSchema = z.object({
  name: lineText(64, { min: 1 }),
  webhookUrl: z.url({ protocol: /^https?$/ }).max(2000),
});
export const IntegrationSchema = z.object({ id: IdSchema, name: z.string(), webhookUrl: z.string(), createdAt: TimestampSchema });
export type Integration = z.infer<typeof IntegrationSchema>;
export const CreateIntegrationResponseSchema = z.object({ integration: IntegrationSchema, secret: z.string() });

/** GET /api/integrations/:id/deliveries (admin): the delivery log, newest first. */
export const DeliverySchema = z.object({
  id: IdSchema,
  integrationId: IdSchema,
  sessionId: IdSchema,
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int().nonnegative(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: TimestampSchema.nullable(),
  deliveredAt: TimestampSchema.nullable(),
  createdAt: TimestampSchema,
});
export type Delivery = z.infer<typeof DeliverySchema>;
export const DeliveryListResponseSchema = z.object({ deliveries: z.array(DeliverySchema) });

/** Integration API tokens: scoped, expiring, revocable; separate from representative sign-in. */
export const ApiScopeSchema = z.enum(['journal:read', 'history:read']);
export type ApiScope = z.infer<typeof ApiScopeSchema>;
/** POST /api/integrations/:id/tokens (admin). DELETE /api/integrations/:id/tokens/:tokenId revokes. */
export const CreateApiTokenRequestSchema = z.object({
  name: lineText(64, { min: 1 }),
  scopes: z.array(ApiScopeSchema).min(1),
  ttlDays: z.number().int().min(1).max(365),
});
export const ApiTokenSchema = z.object({
  id: IdSchema,
  integrationId: IdSchema,
  name: z.string(),
  scopes: z.array(ApiScopeSchema),
  createdAt: TimestampSchema,
  expiresAt: TimestampSchema,
  revokedAt: TimestampSchema.nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;
export const CreateApiTokenResponseSchema = z.object({ token: z.string(), apiToken: ApiTokenSchema });

/** GET /api/public-config (anyone): what the public support page needs to hand a session key to the customer extension. */
export const PublicConfigSchema = z.object({
  /** The customer extension's Chrome Web Store id (the first of CUSTOMER_EXTENSION_IDS). */
  customerExtensionId: z.string(),
  /** Every Chromium id of the customer extension (Chrome Web Store, Edge Add-ons, ...); the page tries each. */
  customerExtensionIds: z.array(z.string()).optional(),
  /** Where a customer installs the customer extension (`CUSTOMER_EXTENSION_URL`), for the web chat's elevation steps. */
  customerExtensionUrl: z.string().url().optional(),
});

/**
 * public support page -> customer extension (chrome.runtime.sendMessage, externally_connectable), expects a reply:
 * `ping` answers `{ ok: true }` when the extension is installed; `open-session-key` opens its chat for the keyed session;
 * `open-session` (handover.ts) opens its chat on a live session of the web chat.
 */
export const PageToExtensionMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('open-session-key'), key: SessionKeyCodeSchema }),
  OpenSessionMessageSchema,
]);
export type PageToExtensionMessage = z.infer<typeof PageToExtensionMessageSchema>;

/** POST /api/reps (admin): adds a representative (to the default team). Answer: `{ rep: Rep }`. */
export const CreateRepRequestSchema = z.object({
  username: lineText(64, { min: 1 }),
  displayName: PersonNameSchema,
  password: z.string().min(10, 'a password has at least 10 characters').max(256),
});

/** GET /api/integrations (admin) and GET /api/integrations/:id/tokens (admin). */
export const IntegrationListResponseSchema = z.object({ integrations: z.array(IntegrationSchema) });
export const ApiTokenListResponseSchema = z.object({ tokens: z.array(ApiTokenSchema) });
