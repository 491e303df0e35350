import { z } from 'zod';
import { IdSchema, RequestIdSchema, TimestampSchema, lineText, multilineText } from './common.ts';

/**
 * Click-to-chat: what an admin configures per public site, what a customer
 * meets before and while waiting (agreement, recording choice, greeting, hold
 * messages, notices, no-representative message), and the exit survey.
 */

/** Texts an admin writes for customers: multi-line, cleaned like all free text. */
const text = (max: number) => multilineText(max);

/** A public site's URL path: `/` or `/segment[/segment]`, lower case letters, digits and dashes. */
export const SitePathSchema = z
  .string()
  .trim()
  .regex(/^\/([a-z0-9-]+(\/[a-z0-9-]+)*)?$/, 'a path is / or /words-with-dashes');

export const SurveyQuestionSchema = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,32}$/),
  kind: z.enum(['rating', 'text']),
  label: lineText(200, { min: 1 }),
});
export type SurveyQuestion = z.infer<typeof SurveyQuestionSchema>;

/** The languages the customer and console UIs are translated into. */
export const UI_LANGUAGES = ['en', 'de'] as const;
export const UiLanguageSchema = z.enum(UI_LANGUAGES);
export type UiLanguage = z.infer<typeof UiLanguageSchema>;

/** Everything an admin sets per public site. Placeholders `{position}` and `{wait}` work in the greeting and hold message. */
export const SiteSettingsSchema = z.object({
  chatEnabled: z.boolean(),
  /** `web`: the public page runs the web chat; `full`: the page asks for the full client (the extension). */
  startMode: z.enum(['web', 'full']),
  /** Empty: no agreement step. */
  agreementText: text(4000),
  recordingPrompt: z.boolean(),
  greeting: text(1000),
  holdMessage: text(1000),
  holdIntervalSeconds: z.number().int().min(1).max(3600),
  noRepMessage: text(1000),
  /** Opened in the customer's browser when nobody can take the chat; null for none. */
  noRepUrl: z.url({ protocol: /^https?$/ }).max(2000).nullable(),
  /** After this long in the queue the customer gets the no-representative message too; null for never. */
  maxWaitSeconds: z.number().int().min(1).max(86_400).nullable(),
  surveyEnabled: z.boolean(),
  surveyQuestions: z.array(SurveyQuestionSchema).max(10),
  watermark: z.boolean(),
  /** The customer UI's language when the customer's browser asks for none we have (sites saved before it existed: English). */
  language: UiLanguageSchema.default('en'),
});
export type SiteSettings = z.infer<typeof SiteSettingsSchema>;

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  chatEnabled: true,
  startMode: 'web',
  agreementText: '',
  recordingPrompt: false,
  greeting: 'Thank you for contacting support. You are number {position} in the queue. Estimated wait: {wait}.',
  holdMessage: 'Thank you for waiting. You are number {position} in the queue. Estimated wait: {wait}.',
  holdIntervalSeconds: 60,
  noRepMessage: 'There are no representatives available at this time. Please try again later.',
  noRepUrl: null,
  maxWaitSeconds: null,
  surveyEnabled: true,
  surveyQuestions: [
    { id: 'rating', kind: 'rating', label: 'How would you rate this support session?' },
    { id: 'comment', kind: 'text', label: 'Any comments?' },
  ],
  watermark: true,
  language: 'en',
};

/** A public site as admins and customers see it. */
export const SiteSchema = z.object({
  id: IdSchema,
  name: z.string(),
  path: z.string(),
  settings: SiteSettingsSchema,
});
export type Site = z.infer<typeof SiteSchema>;

/** POST /api/admin/sites and PUT /api/admin/sites/:id (admins). */
export const SiteInputSchema = z.object({
  name: lineText(80, { min: 1 }),
  path: SitePathSchema,
  settings: SiteSettingsSchema,
});
export type SiteInput = z.infer<typeof SiteInputSchema>;
export const SiteListResponseSchema = z.object({ sites: z.array(SiteSchema) });

/** A customer notice (a known issue), admin-managed. */
export const NoticeSchema = z.object({
  id: IdSchema,
  title: z.string(),
  text: z.string(),
  active: z.boolean(),
  /**
   * The public sites whose customers see it; null for every public site. Empty
   * only when every chosen site was deleted: then no customer sees it.
   */
  siteIds: z.array(IdSchema).nullable(),
});
export type Notice = z.infer<typeof NoticeSchema>;
/** POST /api/admin/notices and PUT /api/admin/notices/:id (admins). Without `siteIds`: every public site. */
export const NoticeInputSchema = z.object({
  title: lineText(120, { min: 1 }),
  text: multilineText(4000, { min: 1 }),
  active: z.boolean(),
  /** null for every public site, else site ids, each naming an existing site (empty: no site, nobody sees it). */
  siteIds: z
    .array(IdSchema)
    .max(100)
    .transform((ids) => [...new Set(ids)])
    .nullable()
    .default(null),
});
export type NoticeInput = z.infer<typeof NoticeInputSchema>;
export const NoticeListResponseSchema = z.object({ notices: z.array(NoticeSchema) });

/** GET /api/public/site?path=/ (anyone): what the customer client needs to start. */
export const PublicSiteResponseSchema = z.object({
  site: SiteSchema,
  /** Active notices for this site (those for every site and those listing it), shown automatically when a customer starts. */
  notices: z.array(NoticeSchema),
  /** Representatives signed in right now. */
  repsAvailable: z.number().int().nonnegative(),
});
export type PublicSiteResponse = z.infer<typeof PublicSiteResponseSchema>;

/** POST /api/sessions/:id/survey (the session's customer), once, after a session a representative served. */
export const SurveyAnswersSchema = z.object({
  answers: z.record(z.string().max(32), z.union([z.number().int().min(1).max(5), multilineText(2000)])),
});
export type SurveyAnswers = z.infer<typeof SurveyAnswersSchema>;
/** GET /api/sessions/:id/survey (representatives). */
export const SurveyResponseSchema = z.object({
  sessionId: IdSchema,
  answers: SurveyAnswersSchema.shape.answers,
  at: TimestampSchema,
});
export type SurveyResponse = z.infer<typeof SurveyResponseSchema>;

// ---- live socket ------------------------------------------------------------

/** server -> customer notice, while queued: place in the queue and estimated wait, on every change. */
export const WaitNoticeSchema = z.object({
  type: z.literal('wait'),
  sessionId: IdSchema,
  position: z.number().int().positive(),
  /** null when nobody is signed in to take the chat. */
  estimateSeconds: z.number().int().nonnegative().nullable(),
  repsAvailable: z.number().int().nonnegative(),
});
export type WaitNotice = z.infer<typeof WaitNoticeSchema>;

/** server -> customer notice: the representative sent a notice; the customer may leave through it. */
export const NoticeSentSchema = z.object({ type: z.literal('notice'), sessionId: IdSchema, notice: NoticeSchema });

/** server -> customer notice: the representative nudged; the chat takes focus, jiggles and sounds an alert. */
export const NudgeSchema = z.object({ type: z.literal('nudge'), sessionId: IdSchema, at: TimestampSchema });

/** rep -> server request (empty reply): send an active notice to the customer of a session you serve. */
export const NoticeSendSchema = z.object({
  type: z.literal('notice.send'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  noticeId: IdSchema,
});

/** customer -> server request (reply carries the session): leave through a notice; no exit survey follows. */
export const NoticeLeaveSchema = z.object({ type: z.literal('notice.leave'), id: RequestIdSchema, sessionId: IdSchema });

/** rep -> server request (empty reply): nudge the customer of a session you serve. */
export const ChatNudgeSchema = z.object({ type: z.literal('chat.nudge'), id: RequestIdSchema, sessionId: IdSchema });
