import { PeopleResponseSchema, RepAdminResponseSchema, TeamSchema, parseWith, type AddRepRequest, type PeopleResponse, type RepAdminView, type RepRole, type Team } from '@rs/protocol';
import { call, expect, type ApiTarget } from './api.ts';

const rep = (id: string) => `/api/admin/reps/${encodeURIComponent(id)}`;

/** GET /api/admin/people (admin): every representative and every team. */
export async function listPeople(target: ApiTarget): Promise<PeopleResponse> {
  return expect(parseWith(PeopleResponseSchema, await call(target, 'GET', '/api/admin/people')));
}

/** POST /api/reps (admin). */
export async function addRep(target: ApiTarget, input: AddRepRequest): Promise<void> {
  await call(target, 'POST', '/api/reps', input);
}

/** POST /api/admin/reps/:id/password (admin, 204): their sign-ins end. */
export async function resetPassword(target: ApiTarget, repId: string, password: string): Promise<void> {
  await call(target, 'POST', `${rep(repId)}/password`, { password });
}

/** POST /api/admin/reps/:id/disable or /enable (admin). */
export async function setRepEnabled(target: ApiTarget, repId: string, enabled: boolean): Promise<RepAdminView> {
  return expect(parseWith(RepAdminResponseSchema, await call(target, 'POST', `${rep(repId)}/${enabled ? 'enable' : 'disable'}`))).rep;
}

/** PUT /api/admin/reps/:id/role (admin). */
export async function setRepRole(target: ApiTarget, repId: string, role: RepRole): Promise<RepAdminView> {
  return expect(parseWith(RepAdminResponseSchema, await call(target, 'PUT', `${rep(repId)}/role`, { role }))).rep;
}

/** POST /api/teams (admin). */
export async function createTeam(target: ApiTarget, name: string): Promise<Team> {
  return expect(parseWith(TeamSchema, await call(target, 'POST', '/api/teams', { name })));
}

/** POST /api/teams/:id/members (admin, 204). */
export async function addTeamMember(target: ApiTarget, teamId: string, repId: string): Promise<void> {
  await call(target, 'POST', `/api/teams/${encodeURIComponent(teamId)}/members`, { repId });
}

/** DELETE /api/teams/:id/members/:repId (admin, 204). */
export async function removeTeamMember(target: ApiTarget, teamId: string, repId: string): Promise<void> {
  await call(target, 'DELETE', `/api/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(repId)}`);
}
