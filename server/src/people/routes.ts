import express, { type Request, type Router } from 'express';
import { ProtocolError } from '@rs/protocol';
import type { Services } from '../services.ts';
import { mount } from '../http/operation.ts';
import * as ops from './operations.ts';
import { requireRep } from '../http/auth.ts';
import { idParam } from '../workflow/routes.ts';
import { People } from './service.ts';

/** The signed-in, enabled representative if they are an admin; 401 or 403 otherwise. */
export async function requireAdmin(services: Services, req: Request) {
  const { rep } = await requireRep(services.store, req);
  if (rep.role !== 'admin') throw new ProtocolError('forbidden', 'administrators only');
  return rep;
}

/** People administration (admins only): representatives and team membership. */
export function peopleRouter(services: Services): Router {
  const people = new People(services.store, services.hub, services.sessions, services.bus);
  const api = express.Router();
  const repId = (req: Request) => idParam(req.params.repId, 'representative');
  const teamId = (req: Request) => idParam(req.params.teamId, 'team');

  mount(api, ops.listPeople, async (req, res) => {
    await requireAdmin(services, req);
    res.json(await people.list());
  });

  mount(api, ops.addRep, async (req, res, input) => {
    await requireAdmin(services, req);
    const rep = await people.add(input.body());
    res.status(201).json({ rep: { id: rep.id, username: rep.username, displayName: rep.displayName, role: rep.role } });
  });

  mount(api, ops.resetPassword, async (req, res, input) => {
    await requireAdmin(services, req);
    const id = repId(req);
    await people.resetPassword(id, input.body().password);
    res.status(204).end();
  });

  mount(api, ops.disableRep, async (req, res) => {
    const admin = await requireAdmin(services, req);
    res.json({ rep: await people.setDisabled(admin, repId(req), true) });
  });

  mount(api, ops.enableRep, async (req, res) => {
    const admin = await requireAdmin(services, req);
    res.json({ rep: await people.setDisabled(admin, repId(req), false) });
  });

  mount(api, ops.setRepRole, async (req, res, input) => {
    await requireAdmin(services, req);
    const id = repId(req);
    res.json({ rep: await people.setRole(id, input.body().role) });
  });

  mount(api, ops.createTeam, async (req, res, input) => {
    await requireAdmin(services, req);
    res.status(201).json(await people.createTeam(input.body().name));
  });

  mount(api, ops.addTeamMember, async (req, res, input) => {
    await requireAdmin(services, req);
    const id = teamId(req);
    await people.addMember(id, input.body().repId);
    res.status(204).end();
  });

  mount(api, ops.removeTeamMember, async (req, res) => {
    await requireAdmin(services, req);
    await people.removeMember(teamId(req), repId(req));
    res.status(204).end();
  });

  return api;
}
