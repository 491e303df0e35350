import {
  ApiTokenListResponseSchema,
  CreateIntegrationResponseSchema,
  CreateApiTokenResponseSchema,
  DeliveryListResponseSchema,
  IntegrationListResponseSchema,
  type ApiScope,
  type ApiToken,
  type Delivery,
  type Integration,
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
export async function redeemSessionKey(target: ApiTarget, key: string, customerName: string, recordingAllowed?: boolean): Promise<CreateSessionResponse> {
  const body = { key, customerName, ...(recordingAllowed === undefined ? {} : { recordingAllowed }) };
  return expect(parseWith(CreateSessionResponseSchema, await call(target, 'POST', '/api/session-keys/redeem', body)));
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

/** GET /api/integrations (admin). */
export async function listIntegrations(target: ApiTarget): Promise<Integration[]> {
  return expect(parseWith(IntegrationListResponseSchema, await call(target, 'GET', '/api/integrations'))).integrations;
}

/** POST /api/integrations (admin): the answer carries the webhook secret, shown once. */
export async function createIntegration(target: ApiTarget, name: string, webhookUrl: string): Promise<{ integration: Integration; secret: string }> {
  return expect(parseWith(CreateIntegrationResponseSchema, await call(target, 'POST', '/api/integrations', { name, webhookUrl })));
}

/** GET /api/integrations/:id/deliveries (admin): the delivery log. */
export async function deliveries(target: ApiTarget, integrationId: string): Promise<Delivery[]> {
  return expect(parseWith(DeliveryListResponseSchema, await call(target, 'GET', `/api/integrations/${encodeURIComponent(integrationId)}/deliveries`))).deliveries;
}

/** GET /api/integrations/:id/tokens (admin). */
export async function apiTokens(target: ApiTarget, integrationId: string): Promise<ApiToken[]> {
  return expect(parseWith(ApiTokenListResponseSchema, await call(target, 'GET', `/api/integrations/${encodeURIComponent(integrationId)}/tokens`))).tokens;
}

/** POST /api/integrations/:id/tokens (admin): the token is in the answer only. */
export async function issueApiToken(target: ApiTarget, integrationId: string, name: string, scopes: ApiScope[], ttlDays: number): Promise<string> {
  const raw = await call(target, 'POST', `/api/integrations/${encodeURIComponent(integrationId)}/tokens`, { name, scopes, ttlDays });
  return expect(parseWith(CreateApiTokenResponseSchema, raw)).token;
}

/** DELETE /api/integrations/:id/tokens/:tokenId (admin, 204). */
export async function revokeApiToken(target: ApiTarget, integrationId: string, tokenId: string): Promise<void> {
  await call(target, 'DELETE', `/api/integrations/${encodeURIComponent(integrationId)}/tokens/${encodeURIComponent(tokenId)}`);
}
