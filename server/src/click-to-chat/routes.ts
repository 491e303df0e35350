import express, { type Request, type Router } from 'express';
import { IdSchema, NoticeInputSchema, ProtocolError, SiteInputSchema, SurveyAnswersSchema, parseWith } from '@rs/protocol';
import type { Services } from '../services.ts';
import { body, route } from '../http/errors.ts';
import { requireParty, requireRep } from '../http/auth.ts';
import { requireSessionReader } from '../access/readers.ts';

const AVATAR_MAX_BYTES = 256 * 1024;
const AVATAR_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

function idParam(raw: unknown, what: string): string {
  const parsed = parseWith(IdSchema, raw);
  if (!parsed.ok) throw new ProtocolError('not_found', `no such ${what}`);
  return parsed.value;
}

/** Site settings and notices are for admins; representatives get a typed 403. */
async function requireAdmin(services: Services, req: Request) {
  const { rep } = await requireRep(services.store, req);
  if (rep.role !== 'admin') throw new ProtocolError('forbidden', 'administrators only');
  return rep;
}

/** REST routes of click-to-chat: public site config, admin settings, notices, exit survey, avatars. */
export function clickToChatRouter(services: Services): Router {
  const { store, clickToChat } = services;
  const api = express.Router();

  api.get('/public/site', route(async (req, res) => {
    res.json(await clickToChat.publicSite(typeof req.query.path === 'string' ? req.query.path : '/'));
  }));

  api.get('/admin/sites', route(async (req, res) => {
    await requireAdmin(services, req);
    res.json({ sites: await store.clickToChat.sites() });
  }));
  api.post('/admin/sites', route(async (req, res) => {
    await requireAdmin(services, req);
    res.status(201).json(await clickToChat.saveSite(null, body(SiteInputSchema, req)));
  }));
  api.put('/admin/sites/:id', route(async (req, res) => {
    await requireAdmin(services, req);
    res.json(await clickToChat.saveSite(idParam(req.params.id, 'site'), body(SiteInputSchema, req)));
  }));
  api.delete('/admin/sites/:id', route(async (req, res) => {
    await requireAdmin(services, req);
    await clickToChat.deleteSite(idParam(req.params.id, 'site'));
    res.status(204).end();
  }));

  api.get('/admin/notices', route(async (req, res) => {
    await requireAdmin(services, req);
    res.json({ notices: await store.clickToChat.notices(false) });
  }));
  api.post('/admin/notices', route(async (req, res) => {
    await requireAdmin(services, req);
    res.status(201).json(await clickToChat.notices.save(null, body(NoticeInputSchema, req)));
  }));
  api.put('/admin/notices/:id', route(async (req, res) => {
    await requireAdmin(services, req);
    res.json(await clickToChat.notices.save(idParam(req.params.id, 'notice'), body(NoticeInputSchema, req)));
  }));
  /** Active notices, for a representative to send during a session (`?sessionId=`: only those its customer's site sees). */
  api.get('/notices', route(async (req, res) => {
    const sessionId = req.query.sessionId === undefined ? undefined : idParam(req.query.sessionId, 'session');
    // Which notices a session's site sees tells its site: a session the rep may not read is one that does not exist.
    if (sessionId === undefined) await requireRep(store, req);
    else await requireSessionReader(services, req, sessionId, 'no such session');
    res.json({ notices: await clickToChat.activeNotices(sessionId) });
  }));

  api.post('/sessions/:id/survey', route(async (req, res) => {
    const session = await store.session(idParam(req.params.id, 'session'));
    if (!session) throw new ProtocolError('not_found', 'no such session');
    const party = await requireParty(store, req, session);
    if (party.side !== 'customer') throw new ProtocolError('forbidden', 'the customer answers the survey');
    await clickToChat.saveSurvey(session, body(SurveyAnswersSchema, req).answers);
    res.status(204).end();
  }));
  api.get('/sessions/:id/survey', route(async (req, res) => {
    const sessionId = idParam(req.params.id, 'session');
    await requireSessionReader(services, req, sessionId, 'no survey answers for this session');
    const survey = await store.clickToChat.survey(sessionId);
    if (!survey) throw new ProtocolError('not_found', 'no survey answers for this session');
    res.json({ sessionId, ...survey });
  }));

  api.put('/me/avatar', express.raw({ type: 'image/*', limit: AVATAR_MAX_BYTES }), route(async (req, res) => {
    const { rep } = await requireRep(store, req);
    const mime = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (!AVATAR_TYPES.has(mime) || !Buffer.isBuffer(req.body) || req.body.length === 0)
      throw new ProtocolError('bad_message', 'send a PNG, JPEG, WebP or GIF image as the request body');
    await store.clickToChat.setAvatar(rep.id, { mime, data: new Uint8Array(req.body), updatedAt: Date.now() });
    res.status(204).end();
  }));
  /** Public: the customer client shows it in the full client's chat. */
  api.get('/reps/:id/avatar', route(async (req, res) => {
    const avatar = await store.clickToChat.avatar(idParam(req.params.id, 'avatar'));
    if (!avatar) throw new ProtocolError('not_found', 'no avatar');
    res.setHeader('Content-Type', avatar.mime);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(Buffer.from(avatar.data));
  }));

  return api;
}
