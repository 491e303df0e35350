import express, { type Router } from 'express';
import { IdSchema, ProtocolError, parseWith, type PermissionsResponse } from '@rs/protocol';
import type { Services } from '../services.ts';
import { mount } from '../http/operation.ts';
import * as ops from './operations.ts';
import { requireParty } from '../http/auth.ts';

/** GET /api/sessions/:id/permissions: the session's permissions, for either party (e.g. after a reload). */
export function permissionsRouter({ store, permissions }: Services): Router {
  const api = express.Router();
  mount(api, ops.sessionPermissions, async (req, res) => {
    const id = parseWith(IdSchema, req.params.id);
    const session = id.ok ? await store.session(id.value) : null;
    if (!session) throw new ProtocolError('not_found', 'no such session');
    await requireParty(store, req, session);
    const answer: PermissionsResponse = { permissions: await permissions.list(session.id) };
    res.json(answer);
  });
  return api;
}
