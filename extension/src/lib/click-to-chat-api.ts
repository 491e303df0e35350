import {
  CreateSessionResponseSchema,
  NoticeListResponseSchema,
  NoticeSchema,
  PublicSiteResponseSchema,
  SiteListResponseSchema,
  SiteSchema,
  SurveyResponseSchema,
  parseWith,
  type CreateSessionResponse,
  type Notice,
  type PublicSiteResponse,
  type Site,
  type SiteInput,
  type SurveyResponse,
} from '@rs/protocol';
import { ProtocolError } from '@rs/protocol';
import { call, expect, type ApiTarget } from './api.ts';

/** GET /api/public/site?path=: a public site's settings, its active notices and how many representatives are signed in. */
export async function publicSite(target: ApiTarget, path: string): Promise<PublicSiteResponse> {
  return expect(parseWith(PublicSiteResponseSchema, await call(target, 'GET', `/api/public/site?path=${encodeURIComponent(path)}`)));
}

export interface Intake {
  customerName: string;
  sitePath: string;
  agreementAccepted?: boolean;
  recordingAllowed?: boolean;
}

/** POST /api/sessions with the answers to the site's intake steps. */
export async function startSession(target: ApiTarget, intake: Intake): Promise<CreateSessionResponse> {
  return expect(parseWith(CreateSessionResponseSchema, await call(target, 'POST', '/api/sessions', intake)));
}

/** POST /api/sessions/:id/survey (204). */
export async function submitSurvey(target: ApiTarget, sessionId: string, answers: Record<string, number | string>): Promise<void> {
  await call(target, 'POST', `/api/sessions/${encodeURIComponent(sessionId)}/survey`, { answers });
}

export async function surveyOf(target: ApiTarget, sessionId: string): Promise<SurveyResponse> {
  return expect(parseWith(SurveyResponseSchema, await call(target, 'GET', `/api/sessions/${encodeURIComponent(sessionId)}/survey`)));
}

/** Active notices a representative can send (GET /api/notices); with a session, those its customer's site sees. */
export async function activeNotices(target: ApiTarget, sessionId?: string): Promise<Notice[]> {
  const query = sessionId === undefined ? '' : `?sessionId=${encodeURIComponent(sessionId)}`;
  return expect(parseWith(NoticeListResponseSchema, await call(target, 'GET', `/api/notices${query}`))).notices;
}

export async function adminSites(target: ApiTarget): Promise<Site[]> {
  return expect(parseWith(SiteListResponseSchema, await call(target, 'GET', '/api/admin/sites'))).sites;
}

export async function saveSite(target: ApiTarget, id: string | null, input: SiteInput): Promise<Site> {
  const raw = id ? await call(target, 'PUT', `/api/admin/sites/${encodeURIComponent(id)}`, input) : await call(target, 'POST', '/api/admin/sites', input);
  return expect(parseWith(SiteSchema, raw));
}

/** DELETE /api/admin/sites/:id (204): the site also leaves every notice's site list. */
export async function deleteSite(target: ApiTarget, id: string): Promise<void> {
  await call(target, 'DELETE', `/api/admin/sites/${encodeURIComponent(id)}`);
}

export async function adminNotices(target: ApiTarget): Promise<Notice[]> {
  return expect(parseWith(NoticeListResponseSchema, await call(target, 'GET', '/api/admin/notices'))).notices;
}

export async function saveNotice(target: ApiTarget, id: string | null, input: Omit<Notice, 'id'>): Promise<Notice> {
  const raw = id ? await call(target, 'PUT', `/api/admin/notices/${encodeURIComponent(id)}`, input) : await call(target, 'POST', '/api/admin/notices', input);
  return expect(parseWith(NoticeSchema, raw));
}

/** PUT /api/me/avatar with the image itself as the body. */
export async function uploadAvatar(target: ApiTarget, file: Blob): Promise<void> {
  const response = await fetch(`${target.serverUrl}/api/me/avatar`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${target.token ?? ''}`, 'content-type': file.type },
    body: file,
    credentials: 'omit',
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new ProtocolError(response.status === 413 ? 'too_large' : 'bad_message', body?.error?.message ?? `The photo was refused (HTTP ${response.status}).`);
  }
}

export const avatarUrl = (serverUrl: string, repId: string): string => `${serverUrl}/api/reps/${encodeURIComponent(repId)}/avatar`;
