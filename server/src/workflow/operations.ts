import { z } from 'zod';
import {
  CreateSessionResponseSchema,
  DirectoryResponseSchema,
  GenerateSessionKeyRequestSchema,
  HistoryDetailSchema,
  HistoryListResponseSchema,
  IdSchema,
  PublicConfigSchema,
  RedeemSessionKeyRequestSchema,
  SendSessionKeyEmailRequestSchema,
  SendSessionKeyEmailResponseSchema,
  SessionKeyViewSchema,
} from '@rs/protocol';
import { operation } from '../http/operation.ts';

/** A history date: `YYYY-MM-DD` (UTC) or epoch milliseconds. */
const DateQuerySchema = z.string().regex(/^(\d+|\d{4}-\d{2}-\d{2})$/);

export const publicConfig = operation({
  method: 'get', path: '/api/public-config', operationId: 'publicConfig', tag: 'Session keys', auth: 'none',
  summary: "The customer extension's id and where to install it, for the public page",
  responses: { 200: PublicConfigSchema },
});

export const redeemSessionKey = operation({
  method: 'post', path: '/api/session-keys/redeem', operationId: 'redeemSessionKey', tag: 'Session keys', auth: 'none',
  summary: "A customer starts the keyed session; it waits in the generating representative's personal queue",
  description: 'Every attempt spends the address\'s session budget; wrong keys make the address (and a key under attack) wait.',
  body: RedeemSessionKeyRequestSchema,
  responses: { 201: CreateSessionResponseSchema },
  errors: ['not_found', 'invalid_state', 'rate_limited'],
});

export const generateSessionKey = operation({
  method: 'post', path: '/api/session-keys', operationId: 'generateSessionKey', tag: 'Session keys', auth: 'rep',
  summary: 'Generates a session key for an incident (the key is shown once)',
  body: GenerateSessionKeyRequestSchema,
  responses: { 201: SessionKeyViewSchema },
});

export const emailSessionKey = operation({
  method: 'post', path: '/api/session-keys/:id/email', operationId: 'emailSessionKey', tag: 'Session keys', auth: 'rep',
  summary: "Emails the invitation (the key's owner) and journals it",
  description: '`SESSION_KEY_EMAILS_PER_HOUR` per representative; 409 `invalid_state` when email is not configured.',
  params: { id: IdSchema },
  body: SendSessionKeyEmailRequestSchema,
  responses: { 200: SendSessionKeyEmailResponseSchema },
  errors: ['invalid_state', 'rate_limited'],
});

export const directory = operation({
  method: 'get', path: '/api/directory', operationId: 'directory', tag: 'Directory', auth: 'rep',
  summary: 'Transfer targets: enabled representatives (with an online flag) and teams',
  responses: { 200: DirectoryResponseSchema },
});

export const searchHistory = operation({
  method: 'get', path: '/api/history', operationId: 'searchHistory', tag: 'History', auth: 'reader',
  summary: 'Remote Support History: ended sessions the reader may read, newest first',
  query: z.object({
    incident: z.string().max(64).optional().describe('Incident numbers containing this, in any letter case (longer: cut at 64)'),
    customer: z.string().max(80).optional().describe("Customer names containing this, in any letter case (longer: cut at 80)"),
    from: DateQuerySchema.optional().describe('Ended on or after this date (`YYYY-MM-DD`, UTC midnight) or time (epoch ms)'),
    to: DateQuerySchema.optional().describe('Started before the end of this date (`YYYY-MM-DD`, inclusive) or before this time (epoch ms)'),
    limit: z.number().int().min(1).max(500).default(100).describe('How many (out of range: clamped)'),
  }),
  responses: { 200: HistoryListResponseSchema },
  errors: ['bad_message'],
});

export const historyEntry = operation({
  method: 'get', path: '/api/history/:id', operationId: 'historyEntry', tag: 'History', auth: 'reader',
  summary: "One session's Remote Support History",
  params: { id: IdSchema },
  responses: { 200: HistoryDetailSchema },
});

export const workflowOperations = [publicConfig, redeemSessionKey, generateSessionKey, emailSessionKey, directory, searchHistory, historyEntry];
