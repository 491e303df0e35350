import express, { type Router } from 'express';
import {
  IdSchema,
  ProtocolError,
  parseWith,
  type DirectoryResponse,
} from '@rs/protocol';
import type { Services } from '../services.ts';
import { mount } from '../http/operation.ts';
import * as ops from './operations.ts';
import { requireRep } from '../http/auth.ts';
import type { SessionKeys } from './keys.ts';
import { historyDetail, summaryOf } from './history.ts';
import { readerRepId, requireReader, requireSessionReader } from '../access/readers.ts';
import { clientAddress } from '../throttle/client-address.ts';
import { sessionCreationLimiter } from '../throttle/session-creation.ts';
import { keyEmailLimiter } from '../throttle/key-emails.ts';
import { queryInt } from '../http/query.ts';

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

/** REST routes of the representative workflow: session keys, directory, history (reps and teams: people/routes.ts). */
export function workflowRouter(services: Services, keys: SessionKeys): Router {
  const { store, hub } = services;
  const api = express.Router();
  const creation = sessionCreationLimiter(services.counters, services.config.throttle);
  const emails = keyEmailLimiter(services.counters, services.config.throttle);

  mount(api, ops.publicConfig, async (_req, res) => void res.json({ customerExtensionId: services.config.extensions.customerIds[0], customerExtensionIds: [...services.config.extensions.customerIds], customerExtensionUrl: services.config.customerExtensionUrl }));

  mount(api, ops.redeemSessionKey, async (req, res, input) => {
    const { key, customerName, recordingAllowed } = input.body();
    const address = clientAddress(req, services.config.throttle.trustProxy);
    // Every attempt, right or wrong, spends the address's session budget: it also paces guessing.
    await creation.consume(address);
    res.status(201).json(await keys.redeem(address, key, customerName, recordingAllowed ?? null));
  });

  mount(api, ops.generateSessionKey, async (req, res, input) => {
    const { rep } = await requireRep(store, req);
    const { incident, customerEmail } = input.body();
    res.status(201).json(await keys.generate(rep, incident, customerEmail ?? null));
  });

  mount(api, ops.emailSessionKey, async (req, res, input) => {
    const { rep } = await requireRep(store, req);
    const { key, to } = input.body();
    await emails.consume(rep.id);
    res.json(await keys.email(rep, idParam(req.params.id, 'session key'), key, to));
  });

  mount(api, ops.directory, async (req, res) => {
    await requireRep(store, req);
    const online = new Set(await hub.onlineRepIds());
    const disabled = new Set((await store.people.people()).filter((p) => p.disabledAt !== null).map((p) => p.id));
    const answer: DirectoryResponse = {
      reps: (await store.workflow.repDirectory()).filter((r) => !disabled.has(r.id)).map((r) => ({ ...r, online: online.has(r.id) })),
      teams: await store.workflow.teams(),
    };
    res.json(answer);
  });

  mount(api, ops.searchHistory, async (req, res) => {
    const reader = await requireReader(services, req);
    const q = req.query;
    const ids = await store.workflow.searchHistory({
      incident: typeof q.incident === 'string' ? q.incident.slice(0, 64) : undefined,
      customer: typeof q.customer === 'string' ? q.customer.slice(0, 80) : undefined,
      from: dateParam(q.from),
      to: dateParam(q.to, true),
      limit: queryInt(q.limit, 100, 1, 500),
      readerRepId: readerRepId(reader),
    });
    const entries = [];
    for (const id of ids) {
      const detail = await historyDetail(store, id);
      if (detail) entries.push(summaryOf(detail));
    }
    res.json({ entries });
  });

  mount(api, ops.historyEntry, async (req, res) => {
    const id = idParam(req.params.id, 'history');
    const missing = 'no history for this session (yet)';
    await requireSessionReader(services, req, id, missing);
    const detail = await historyDetail(store, id);
    if (!detail) throw new ProtocolError('not_found', missing);
    res.json(detail);
  });

  return api;
}
