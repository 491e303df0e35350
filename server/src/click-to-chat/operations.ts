import { z } from 'zod';
import {
  IdSchema,
  NoticeInputSchema,
  NoticeListResponseSchema,
  NoticeSchema,
  PublicSiteResponseSchema,
  SiteInputSchema,
  SiteListResponseSchema,
  SiteSchema,
  SurveyAnswersSchema,
  SurveyResponseSchema,
} from '@rs/protocol';
import { operation } from '../http/operation.ts';

/** Avatars: the image types a representative may upload, and its size. */
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
export const AVATAR_MAX_BYTES = 256 * 1024;

const id = { id: IdSchema };

export const publicSite = operation({
  method: 'get', path: '/api/public/site', operationId: 'publicSite', tag: 'Public sites', auth: 'none',
  summary: "A public site's settings, the active notices for it and whether representatives are signed in",
  query: z.object({ path: z.string().optional().describe("The site's path; `/` (the default site) when absent") }),
  responses: { 200: PublicSiteResponseSchema },
  errors: ['not_found'],
});

export const listSites = operation({
  method: 'get', path: '/api/admin/sites', operationId: 'listSites', tag: 'Public sites', auth: 'admin',
  summary: 'Every public site',
  responses: { 200: SiteListResponseSchema },
});

export const addSite = operation({
  method: 'post', path: '/api/admin/sites', operationId: 'addSite', tag: 'Public sites', auth: 'admin',
  summary: 'Adds a public site (409 `conflict` when the path is taken)',
  body: SiteInputSchema,
  responses: { 201: SiteSchema },
  errors: ['conflict'],
});

export const saveSite = operation({
  method: 'put', path: '/api/admin/sites/:id', operationId: 'saveSite', tag: 'Public sites', auth: 'admin',
  summary: 'Changes a public site (the default site keeps path `/`)',
  params: id,
  body: SiteInputSchema,
  responses: { 200: SiteSchema },
  errors: ['conflict', 'invalid_state'],
});

export const deleteSite = operation({
  method: 'delete', path: '/api/admin/sites/:id', operationId: 'deleteSite', tag: 'Public sites', auth: 'admin',
  summary: "Deletes a public site no session was started on; it leaves every notice's site list",
  description: '409 `invalid_state` for the default site, `conflict` once sessions were started on it.',
  params: id,
  responses: { 204: null },
  errors: ['invalid_state', 'conflict'],
});

export const listNotices = operation({
  method: 'get', path: '/api/admin/notices', operationId: 'listNotices', tag: 'Notices', auth: 'admin',
  summary: 'Every customer notice',
  responses: { 200: NoticeListResponseSchema },
});

export const addNotice = operation({
  method: 'post', path: '/api/admin/notices', operationId: 'addNotice', tag: 'Notices', auth: 'admin',
  summary: 'Adds a customer notice (400 `bad_message` naming any unknown site id)',
  body: NoticeInputSchema,
  responses: { 201: NoticeSchema },
});

export const saveNotice = operation({
  method: 'put', path: '/api/admin/notices/:id', operationId: 'saveNotice', tag: 'Notices', auth: 'admin',
  summary: 'Changes a customer notice; customers of sites that newly see it get it at once',
  params: id,
  body: NoticeInputSchema,
  responses: { 200: NoticeSchema },
});

export const activeNotices = operation({
  method: 'get', path: '/api/notices', operationId: 'activeNotices', tag: 'Notices', auth: 'reader',
  summary: "Active notices a representative can send (with `sessionId`: those its customer's site sees)",
  description: 'Without `sessionId`, any signed-in representative; with it, a reader of that session.',
  query: z.object({ sessionId: IdSchema.optional().describe('Only the notices this session\'s site sees') }),
  responses: { 200: NoticeListResponseSchema },
});

export const answerSurvey = operation({
  method: 'post', path: '/api/sessions/:id/survey', operationId: 'answerSurvey', tag: 'Surveys', auth: 'party',
  summary: "The session's customer answers the exit survey, once",
  description: 'Only after a served session not left through a notice (409 `invalid_state` / `conflict`); a representative gets 403.',
  params: id,
  body: SurveyAnswersSchema,
  responses: { 204: null },
  errors: ['forbidden', 'invalid_state', 'conflict'],
});

export const surveyAnswers = operation({
  method: 'get', path: '/api/sessions/:id/survey', operationId: 'surveyAnswers', tag: 'Surveys', auth: 'reader',
  summary: "A session's exit survey answers",
  params: id,
  responses: { 200: SurveyResponseSchema },
});

export const uploadAvatar = operation({
  method: 'put', path: '/api/me/avatar', operationId: 'uploadAvatar', tag: 'Avatars', auth: 'rep',
  summary: "Uploads the signed-in representative's photo",
  body: { raw: AVATAR_TYPES, maxBytes: AVATAR_MAX_BYTES, description: 'The image' },
  responses: { 204: null },
});

export const avatar = operation({
  method: 'get', path: '/api/reps/:id/avatar', operationId: 'avatar', tag: 'Avatars', auth: 'none',
  summary: "A representative's photo, for the full client's chat",
  params: id,
  responses: { 200: { raw: AVATAR_TYPES, description: 'The image' } },
});

export const clickToChatOperations = [publicSite, listSites, addSite, saveSite, deleteSite, listNotices, addNotice, saveNotice, activeNotices, answerSurvey, surveyAnswers, uploadAvatar, avatar];
