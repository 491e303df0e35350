import express, { type Request, type Router } from 'express';
import { IdSchema, ProtocolError, parseWith } from '@rs/protocol';
import type { Services } from '../services.ts';
import { mount } from '../http/operation.ts';
import * as ops from './operations.ts';
import { requireParty, requireRep } from '../http/auth.ts';
import { requireSessionReader } from '../access/readers.ts';

const AVATAR_MIME_TYPES = new Set<string>(ops.AVATAR_TYPES);

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

  mount(api, ops.publicSite, async (req, res) => {
    res.json(await clickToChat.publicSite(typeof req.query.path === 'string' ? req.query.path : '/'));
  });

  mount(api, ops.listSites, async (req, res) => {
    await requireAdmin(services, req);
    res.json({ sites: await store.clickToChat.sites() });
  });
  mount(api, ops.addSite, async (req, res, input) => {
    await requireAdmin(services, req);
    res.status(201).json(await clickToChat.saveSite(null, input.body()));
  });
  mount(api, ops.saveSite, async (req, res, input) => {
    await requireAdmin(services, req);
    res.json(await clickToChat.saveSite(idParam(req.params.id, 'site'), input.body()));
  });
  mount(api, ops.deleteSite, async (req, res) => {
    await requireAdmin(services, req);
    await clickToChat.deleteSite(idParam(req.params.id, 'site'));
    res.status(204).end();
  });

  mount(api, ops.listNotices, async (req, res) => {
    await requireAdmin(services, req);
    res.json({ notices: await store.clickToChat.notices(false) });
  });
  mount(api, ops.addNotice, async (req, res, input) => {
    await requireAdmin(services, req);
    res.status(201).json(await clickToChat.notices.save(null, input.body()));
  });
  mount(api, ops.saveNotice, async (req, res, input) => {
    await requireAdmin(services, req);
    res.json(await clickToChat.notices.save(idParam(req.params.id, 'notice'), input.body()));
  });
  /** Active notices, for a representative to send during a session (`?sessionId=`: only those its customer's site sees). */
  mount(api, ops.activeNotices, async (req, res) => {
    const sessionId = req.query.sessionId === undefined ? undefined : idParam(req.query.sessionId, 'session');
    // Which notices a session's site sees tells its site: a session the rep may not read is one that does not exist.
    if (sessionId === undefined) await requireRep(store, req);
    else await requireSessionReader(services, req, sessionId, 'no such session');
    res.json({ notices: await clickToChat.activeNotices(sessionId) });
  });

  mount(api, ops.answerSurvey, async (req, res, input) => {
    const session = await store.session(idParam(req.params.id, 'session'));
    if (!session) throw new ProtocolError('not_found', 'no such session');
    const party = await requireParty(store, req, session);
    if (party.side !== 'customer') throw new ProtocolError('forbidden', 'the customer answers the survey');
    await clickToChat.saveSurvey(session, input.body().answers);
    res.status(204).end();
  });
  mount(api, ops.surveyAnswers, async (req, res) => {
    const sessionId = idParam(req.params.id, 'session');
    await requireSessionReader(services, req, sessionId, 'no survey answers for this session');
    const survey = await store.clickToChat.survey(sessionId);
    if (!survey) throw new ProtocolError('not_found', 'no survey answers for this session');
    res.json({ sessionId, ...survey });
  });

  mount(api, ops.uploadAvatar, async (req, res) => {
    const { rep } = await requireRep(store, req);
    const mime = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (!AVATAR_MIME_TYPES.has(mime) || !Buffer.isBuffer(req.body) || req.body.length === 0)
      throw new ProtocolError('bad_message', 'send a PNG, JPEG, WebP or GIF image as the request body');
    await store.clickToChat.setAvatar(rep.id, { mime, data: new Uint8Array(req.body), updatedAt: Date.now() });
    res.status(204).end();
  });
  /** Public: the customer client shows it in the full client's chat. */
  mount(api, ops.avatar, async (req, res) => {
    const avatar = await store.clickToChat.avatar(idParam(req.params.id, 'avatar'));
    if (!avatar) throw new ProtocolError('not_found', 'no avatar');
    res.setHeader('Content-Type', avatar.mime);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(Buffer.from(avatar.data));
  });

  return api;
}
