import express, { type Request, type Router } from 'express';
import { AddRepRequestSchema, AddTeamMemberRequestSchema, CreateTeamRequestSchema, ProtocolError, ResetPasswordRequestSchema, SetRepRoleRequestSchema } from '@rs/protocol';
import type { Services } from '../services.ts';
import { body, route } from '../http/errors.ts';
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

  api.get('/admin/people', route(async (req, res) => {
    await requireAdmin(services, req);
    res.json(await people.list());
  }));

  api.post('/reps', route(async (req, res) => {
    await requireAdmin(services, req);
    const rep = await people.add(body(AddRepRequestSchema, req));
    res.status(201).json({ rep: { id: rep.id, username: rep.username, displayName: rep.displayName, role: rep.role } });
  }));

  api.post('/admin/reps/:repId/password', route(async (req, res) => {
    await requireAdmin(services, req);
    const id = repId(req);
    await people.resetPassword(id, body(ResetPasswordRequestSchema, req).password);
    res.status(204).end();
  }));

  api.post('/admin/reps/:repId/disable', route(async (req, res) => {
    const admin = await requireAdmin(services, req);
    res.json({ rep: await people.setDisabled(admin, repId(req), true) });
  }));

  api.post('/admin/reps/:repId/enable', route(async (req, res) => {
    const admin = await requireAdmin(services, req);
    res.json({ rep: await people.setDisabled(admin, repId(req), false) });
  }));

  api.put('/admin/reps/:repId/role', route(async (req, res) => {
    await requireAdmin(services, req);
    const id = repId(req);
    res.json({ rep: await people.setRole(id, body(SetRepRoleRequestSchema, req).role) });
  }));

  api.post('/teams', route(async (req, res) => {
    await requireAdmin(services, req);
    res.status(201).json(await people.createTeam(body(CreateTeamRequestSchema, req).name));
  }));

  api.post('/teams/:teamId/members', route(async (req, res) => {
    await requireAdmin(services, req);
    const id = teamId(req);
    await people.addMember(id, body(AddTeamMemberRequestSchema, req).repId);
    res.status(204).end();
  }));

  api.delete('/teams/:teamId/members/:repId', route(async (req, res) => {
    await requireAdmin(services, req);
    await people.removeMember(teamId(req), repId(req));
    res.status(204).end();
  }));

  return api;
}
