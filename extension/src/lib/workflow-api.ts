import {
  CreateSessionResponseSchema,
  DirectoryResponseSchema,
  HistoryDetailSchema,
  HistoryListResponseSchema,
  SendSessionKeyEmailResponseSchema,
  SessionKeyViewSchema,
  parseWith,
  type CreateSessionResponse,
  type DirectoryResponse,
  type HistoryDetail,
  type HistorySummary,
  type SessionKeyView,
} from '@rs/protocol';
import { call, expect, type ApiTarget } from './api.ts';

/** POST /api/session-keys/redeem: the customer starts the keyed session (goes to the generating rep's queue). */
export async function redeemSessionKey(target: ApiTarget, key: string, customerName: string): Promise<CreateSessionResponse> {
  return expect(parseWith(CreateSessionResponseSchema, await call(target, 'POST', '/api/session-keys/redeem', { key, customerName })));
}

/** POST /api/session-keys (rep). */
export async function generateSessionKey(target: ApiTarget, incident: string, customerEmail: string | null): Promise<SessionKeyView> {
  return expect(parseWith(SessionKeyViewSchema, await call(target, 'POST', '/api/session-keys', { incident, customerEmail })));
}

/** POST /api/session-keys/:id/email (rep). */
export async function emailSessionKey(target: ApiTarget, key: SessionKeyView, to: string | null): Promise<string> {
  const raw = await call(target, 'POST', `/api/session-keys/${encodeURIComponent(key.id)}/email`, { key: key.key, ...(to ? { to } : {}) });
  return expect(parseWith(SendSessionKeyEmailResponseSchema, raw)).sentTo;
}

/** GET /api/directory (rep): transfer targets. */
export async function directory(target: ApiTarget): Promise<DirectoryResponse> {
  return expect(parseWith(DirectoryResponseSchema, await call(target, 'GET', '/api/directory')));
}

export interface HistorySearch {
  incident?: string;
  customer?: string;
  from?: string;
  to?: string;
}

/** GET /api/history (rep). */
export async function searchHistory(target: ApiTarget, search: HistorySearch): Promise<HistorySummary[]> {
  const query = new URLSearchParams(Object.entries(search).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  return expect(parseWith(HistoryListResponseSchema, await call(target, 'GET', `/api/history?${query}`))).entries;
}

/** GET /api/history/:id (rep). */
export async function historyDetail(target: ApiTarget, sessionId: string): Promise<HistoryDetail> {
  return expect(parseWith(HistoryDetailSchema, await call(target, 'GET', `/api/history/${encodeURIComponent(sessionId)}`)));
}
