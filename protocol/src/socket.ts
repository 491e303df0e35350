import { z } from 'zod';
import { ErrorCodeSchema } from './errors.ts';
import {
  ChatMessageSchema,
  ChatTextSchema,
  IdSchema,
  QueueEntrySchema,
  RepSchema,
  RequestIdSchema,
  RoleSchema,
  SessionViewSchema,
  TimestampSchema,
} from './common.ts';
import { ElevateAnswerSchema, ElevateReportSchema, ElevateRequestSchema, ElevationNoticeSchema } from './elevation.ts';
import { parseJsonMessage, type Parsed } from './parse.ts';
import { PermissionAnswerSchema, PermissionRequestSchema, PermissionsNoticeSchema, ShareNoticeSchema, ShareStartedSchema, ShareStopSchema } from './permissions.ts';
import { FileAnswerSchema, FileCancelSchema, FileNoticeSchema, FileOfferSchema, FileReportSchema } from './files.ts';
import { ChatNudgeSchema, NoticeLeaveSchema, NoticeSendSchema, NoticeSentSchema, NudgeSchema, WaitNoticeSchema } from './click-to-chat.ts';
import { SessionTransferSchema } from './workflow.ts';
import { SignedOutNoticeSchema } from './people.ts';

/** Largest live-socket message the server reads; bigger ones get a `too_large` error. */
export const LIVE_MESSAGE_MAX_CHARS = 64 * 1024;

// ---- client -> server -------------------------------------------------------

/** client -> server, first message on every connection (notice; the server answers `welcome` or `incompatible`). */
export const HelloSchema = z.object({ type: z.literal('hello'), v: z.number().int().positive() });

/** client -> server request (reply carries the stored message): post a chat line. Persisted before it is acknowledged. */
export const ChatSendSchema = z.object({
  type: z.literal('chat.send'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  text: ChatTextSchema,
});

/** rep -> server request (reply carries the session): take a queued session. */
export const SessionAcceptSchema = z.object({
  type: z.literal('session.accept'),
  id: RequestIdSchema,
  sessionId: IdSchema,
});

/**
 * rep -> server request (reply carries the session): end a session. `close` disconnects the customer;
 * `hold` ends it on this rep's side only and puts it back in the team queue, transcript kept.
 */
export const SessionEndSchema = z.object({
  type: z.literal('session.end'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  mode: z.enum(['close', 'hold']),
});

/** customer -> server request (reply carries the session): the customer closes the chat. */
export const SessionLeaveSchema = z.object({
  type: z.literal('session.leave'),
  id: RequestIdSchema,
  sessionId: IdSchema,
});

/** Most transcript lines one `chat.history` page (and one snapshot) may carry. */
export const CHAT_HISTORY_MAX = 200;

/**
 * client -> server request (reply carries `messages` and `earlier`): the transcript lines before `beforeSeq`,
 * at most `limit` of them, oldest first; for a party of the session. How a client pages back from a snapshot.
 */
export const ChatHistorySchema = z.object({
  type: z.literal('chat.history'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  beforeSeq: z.number().int().positive(),
  limit: z.number().int().min(1).max(CHAT_HISTORY_MAX),
});

/** Every request a client may send after `hello`; each expects a `reply` or an `error` with the same id. */
export const ClientRequestSchema = z.discriminatedUnion('type', [
  ChatSendSchema,
  ChatHistorySchema,
  SessionAcceptSchema,
  SessionEndSchema,
  SessionLeaveSchema,
  PermissionRequestSchema,
  PermissionAnswerSchema,
  ShareStartedSchema,
  ShareStopSchema,
  NoticeSendSchema,
  NoticeLeaveSchema,
  ChatNudgeSchema,
  ElevateRequestSchema,
  ElevateAnswerSchema,
  ElevateReportSchema,
  SessionTransferSchema,
  FileOfferSchema,
  FileAnswerSchema,
  FileReportSchema,
  FileCancelSchema,
]);
export type ClientRequest = z.infer<typeof ClientRequestSchema>;
export type ClientRequestType = ClientRequest['type'];

export const ClientMessageSchema = z.discriminatedUnion('type', [HelloSchema, ...ClientRequestSchema.options]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;
const CLIENT_TYPES = new Set<string>(ClientMessageSchema.options.map((o) => o.shape.type.value));

/** Decodes one text frame from a client; never throws. */
export function parseClientMessage(text: string): Parsed<ClientMessage> {
  return parseJsonMessage(ClientMessageSchema, CLIENT_TYPES, text, LIVE_MESSAGE_MAX_CHARS);
}

// ---- server -> client -------------------------------------------------------

/** server -> client, answer to a compatible `hello`: who the connection is. */
export const WelcomeSchema = z.object({
  type: z.literal('welcome'),
  v: z.number().int(),
  role: RoleSchema,
  serverTime: TimestampSchema,
  rep: RepSchema.nullable(),
  sessionId: IdSchema.nullable(),
});

/** server -> client, answer to a `hello` with another version; the server closes the socket after it. */
export const IncompatibleSchema = z.object({
  type: z.literal('incompatible'),
  v: z.number().int(),
  message: z.string(),
});

/** server -> client, success answer to a request. */
export const ReplySchema = z.object({
  type: z.literal('reply'),
  id: RequestIdSchema,
  message: ChatMessageSchema.optional(),
  session: SessionViewSchema.optional(),
  /** Answer to `chat.history`: the page, oldest first. */
  messages: z.array(ChatMessageSchema).max(CHAT_HISTORY_MAX).optional(),
  /** With `messages`: whether the transcript has lines before this page. */
  earlier: z.boolean().optional(),
});

/** server -> client, typed failure: answers a request (with its id) or a frame that could not be read (no id). */
export const ErrorMessageSchema = z.object({
  type: z.literal('error'),
  id: RequestIdSchema.nullable(),
  code: ErrorCodeSchema,
  message: z.string(),
  /** Set with `rate_limited`: how long to wait before trying again. */
  retryAfterMs: z.number().int().nonnegative().optional(),
});

/** server -> rep notice: the whole waiting queue, sent on connect and on every change. */
export const QueueSchema = z.object({
  type: z.literal('queue'),
  entries: z.array(QueueEntrySchema),
  serverTime: TimestampSchema,
});

/** Most entries one `queue.delta` list carries; a bigger change goes out as the whole `queue`. */
export const QUEUE_DELTA_MAX_ENTRIES = 1000;

/**
 * server -> rep notice: what changed in this rep's queue since the last `queue` or `queue.delta` this
 * connection got (the whole `queue` still comes on connect). An `added` or `updated` entry replaces any
 * entry with its session id, a `removed` id leaves the list; the list stays in queue order (queuedAt, then
 * session id). A session id appears at most once across the three lists.
 */
export const QueueDeltaSchema = z
  .object({
    type: z.literal('queue.delta'),
    added: z.array(QueueEntrySchema).max(QUEUE_DELTA_MAX_ENTRIES),
    updated: z.array(QueueEntrySchema).max(QUEUE_DELTA_MAX_ENTRIES),
    removed: z.array(IdSchema).max(QUEUE_DELTA_MAX_ENTRIES),
    serverTime: TimestampSchema,
  })
  .refine((d) => {
    const ids = [...d.added.map((e) => e.sessionId), ...d.updated.map((e) => e.sessionId), ...d.removed];
    return new Set(ids).size === ids.length;
  }, 'a session id is listed twice');

/**
 * server -> party notice: a session's current state; on connect and on accept also `messages`, the most
 * recent transcript lines (oldest first), with `earlier` true when older ones exist (`chat.history` pages back).
 */
export const SessionUpdateSchema = z.object({
  type: z.literal('session'),
  session: SessionViewSchema,
  messages: z.array(ChatMessageSchema).optional(),
  earlier: z.boolean().optional(),
});

/** server -> party notice: a new transcript line. */
export const ChatSchema = z.object({ type: z.literal('chat'), message: ChatMessageSchema });

export const ServerMessageSchema = z.discriminatedUnion('type', [
  WelcomeSchema,
  IncompatibleSchema,
  ReplySchema,
  ErrorMessageSchema,
  QueueSchema,
  QueueDeltaSchema,
  SessionUpdateSchema,
  ChatSchema,
  PermissionsNoticeSchema,
  ShareNoticeSchema,
  WaitNoticeSchema,
  NoticeSentSchema,
  NudgeSchema,
  ElevationNoticeSchema,
  FileNoticeSchema,
  SignedOutNoticeSchema,
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
export type Reply = z.infer<typeof ReplySchema>;
const SERVER_TYPES = new Set<string>(ServerMessageSchema.options.map((o) => o.shape.type.value));

/** Decodes one text frame from the server; never throws. */
export function parseServerMessage(text: string): Parsed<ServerMessage> {
  return parseJsonMessage(ServerMessageSchema, SERVER_TYPES, text, 16 * 1024 * 1024);
}
