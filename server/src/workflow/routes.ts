import express, { type Request, type Router } from 'express';
import {
  AddTeamMemberRequestSchema,
  CUSTOMER_EXTENSION,
  CreateRepRequestSchema,
  CreateTeamRequestSchema,
  GenerateSessionKeyRequestSchema,
  IdSchema,
  ProtocolError,
  RedeemSessionKeyRequestSchema,
  SendSessionKeyEmailRequestSchema,
  parseWith,
  type DirectoryResponse,
} from '@rs/protocol';
import type { Services } from '../services.ts';
import { hashPassword, randomId } from '../auth/secrets.ts';
import { body, route } from '../http/errors.ts';
import { requireRep } from '../http/auth.ts';
import type { SessionKeys } from './keys.ts';
import { historyDetail, summaryOf } from './history.ts';

export function idParam(raw: unknown, what: string): string {
  const parsed = parseWith(IdSchema, raw);
  if (!parsed.ok) throw new ProtocolError('not_found', `no such ${what}`);
  return parsed.value;
}

/** `YYYY-MM-DD` (UTC midnight) or epoch ms; `endOfDay` moves a date to the next midnight (an inclusive "to"). */
export function dateParam(raw: unknown, endOfDay = false): number | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  const t = Date.parse(`${raw}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(t)) throw new ProtocolError('bad_message', 'dates are YYYY-MM-DD or epoch milliseconds');
  return endOfDay ? t + 86_400_000 : t;
}

async function requireAdmin(services: Services, req: Request) {
  const { rep } = await requireRep(services.store, req);
  if (rep.role !== 'admin') throw new ProtocolError('forbidden', 'administrators only');
  return rep;
}

/** REST routes of the representative workflow: session keys, directory, teams, history. */
export function workflowRouter(services: Services, keys: SessionKeys): Router {
  const { store, hub } = services;
  const api = express.Router();

  api.get('/public-config', (_req, res) => void res.json({ customerExtensionId: CUSTOMER_EXTENSION.id, customerExtensionUrl: services.config.customerExtensionUrl }));

  api.post('/session-keys/redeem', route(async (req, res) => {
    const { key, customerName, recordingAllowed } = body(RedeemSessionKeyRequestSchema, req);
    res.status(201).json(await keys.redeem(req.ip ?? req.socket.remoteAddress ?? 'unknown', key, customerName, recordingAllowed ?? null));
  }));

  api.post('/session-keys', route(async (req, res) => {
    const { rep } = await requireRep(store, req);
    const { incident, customerEmail } = body(GenerateSessionKeyRequestSchema, req);
    res.status(201).json(await keys.generate(rep, incident, customerEmail ?? null));
  }));

  api.post('/session-keys/:id/email', route(async (req, res) => {
    const { rep } = await requireRep(store, req);
    const { key, to } = body(SendSessionKeyEmailRequestSchema, req);
    res.json(await keys.email(rep, idParam(req.params.id, 'session key'), key, to));
  }));

  api.post('/reps', route(async (req, res) => {
    await requireAdmin(services, req);
    const { username, displayName, password } = body(CreateRepRequestSchema, req);
    if (await store.repByUsername(username)) throw new ProtocolError('conflict', 'this username is taken');
    const rep = { id: randomId(), username, displayName, role: 'rep' as const, passwordHash: await hashPassword(password), createdAt: Date.now() };
    await store.createRep(rep);
    const general = (await store.workflow.teams()).find((t) => t.name === 'General');
    if (general) await store.workflow.addTeamMember(general.id, rep.id);
    res.status(201).json({ rep: { id: rep.id, username, displayName, role: rep.role } });
  }));

  api.get('/directory', route(async (req, res) => {
    await requireRep(store, req);
    const online = new Set(hub.onlineRepIds());
    const answer: DirectoryResponse = {
      reps: (await store.workflow.repDirectory()).map((r) => ({ ...r, online: online.has(r.id) })),
      teams: await store.workflow.teams(),
    };
    res.json(answer);
  }));

  api.post('/teams', route(async (req, res) => {
    await requireAdmin(services, req);
    const { name } = body(CreateTeamRequestSchema, req);
    if ((await store.workflow.teams()).some((t) => t.name === name)) throw new ProtocolError('conflict', 'a team with this name exists');
    const team = { id: randomId(), name, createdAt: Date.now() };
    await store.workflow.createTeam(team);
    res.status(201).json({ id: team.id, name, memberIds: [] });
  }));

  api.post('/teams/:id/members', route(async (req, res) => {
    await requireAdmin(services, req);
    const teamId = idParam(req.params.id, 'team');
    const { repId } = body(AddTeamMemberRequestSchema, req);
    if (!(await store.workflow.teams()).some((t) => t.id === teamId)) throw new ProtocolError('not_found', 'no such team');
    if (!(await store.repById(repId))) throw new ProtocolError('not_found', 'no such representative');
    await store.workflow.addTeamMember(teamId, repId);
    res.status(204).end();
  }));

  api.get('/history', route(async (req, res) => {
    await requireRep(store, req);
    const q = req.query;
    const ids = await store.workflow.searchHistory({
      incident: typeof q.incident === 'string' ? q.incident.slice(0, 64) : undefined,
      customer: typeof q.customer === 'string' ? q.customer.slice(0, 80) : undefined,
      from: dateParam(q.from),
      to: dateParam(q.to, true),
      limit: Math.min(Math.max(Number(q.limit) || 100, 1), 500),
    });
    const entries = [];
    for (const id of ids) {
      const detail = await historyDetail(store, id);
      if (detail) entries.push(summaryOf(detail));
    }
    res.json({ entries });
  }));

  api.get('/history/:id', route(async (req, res) => {
    await requireRep(store, req);
    const detail = await historyDetail(store, idParam(req.params.id, 'history'));
    if (!detail) throw new ProtocolError('not_found', 'no history for this session (yet)');
    res.json(detail);
  }));

  return api;
}
