import {
  AddRepRequestSchema,
  AddRepResponseSchema,
  AddTeamMemberRequestSchema,
  CreateTeamRequestSchema,
  IdSchema,
  PeopleResponseSchema,
  RepAdminResponseSchema,
  ResetPasswordRequestSchema,
  SetRepRoleRequestSchema,
  TeamSchema,
} from '@rs/protocol';
import { operation } from '../http/operation.ts';

const rep = { repId: IdSchema };

export const listPeople = operation({
  method: 'get', path: '/api/admin/people', operationId: 'listPeople', tag: 'People', auth: 'admin',
  summary: 'Every representative (role, teams, whether they can sign in, online) and every team',
  responses: { 200: PeopleResponseSchema },
});

export const addRep = operation({
  method: 'post', path: '/api/reps', operationId: 'addRep', tag: 'People', auth: 'admin',
  summary: 'Adds a representative, to the General team (409 `conflict` when the username is taken, in any letter case)',
  body: AddRepRequestSchema,
  responses: { 201: AddRepResponseSchema },
  errors: ['conflict'],
});

export const resetPassword = operation({
  method: 'post', path: '/api/admin/reps/:repId/password', operationId: 'resetPassword', tag: 'People', auth: 'admin',
  summary: "Sets a representative's password; their sign-ins end and their live sockets get `signed_out`",
  params: rep,
  body: ResetPasswordRequestSchema,
  responses: { 204: null },
});

export const disableRep = operation({
  method: 'post', path: '/api/admin/reps/:repId/disable', operationId: 'disableRep', tag: 'People', auth: 'admin',
  summary: 'Disables a representative: no sign-in, tokens revoked, live sockets closed, active sessions held',
  description: 'Disabling yourself is 403 `forbidden`, the last enabled admin 409 `conflict`.',
  params: rep,
  responses: { 200: RepAdminResponseSchema },
  errors: ['conflict'],
});

export const enableRep = operation({
  method: 'post', path: '/api/admin/reps/:repId/enable', operationId: 'enableRep', tag: 'People', auth: 'admin',
  summary: 'Enables a disabled representative again',
  params: rep,
  responses: { 200: RepAdminResponseSchema },
});

export const setRepRole = operation({
  method: 'put', path: '/api/admin/reps/:repId/role', operationId: 'setRepRole', tag: 'People', auth: 'admin',
  summary: "Changes a representative's role; demoting the last enabled admin is 409 `conflict`",
  params: rep,
  body: SetRepRoleRequestSchema,
  responses: { 200: RepAdminResponseSchema },
  errors: ['conflict'],
});

export const createTeam = operation({
  method: 'post', path: '/api/teams', operationId: 'createTeam', tag: 'People', auth: 'admin',
  summary: 'Creates a team (409 `conflict` when the name exists)',
  body: CreateTeamRequestSchema,
  responses: { 201: TeamSchema },
  errors: ['conflict'],
});

export const addTeamMember = operation({
  method: 'post', path: '/api/teams/:teamId/members', operationId: 'addTeamMember', tag: 'People', auth: 'admin',
  summary: 'Adds a member to a team',
  params: { teamId: IdSchema },
  body: AddTeamMemberRequestSchema,
  responses: { 204: null },
  errors: ['conflict'],
});

export const removeTeamMember = operation({
  method: 'delete', path: '/api/teams/:teamId/members/:repId', operationId: 'removeTeamMember', tag: 'People', auth: 'admin',
  summary: 'Removes a member from a team (404 when they are not one)',
  params: { teamId: IdSchema, repId: IdSchema },
  responses: { 204: null },
});

export const peopleOperations = [listPeople, addRep, resetPassword, disableRep, enableRep, setRepRole, createTeam, addTeamMember, removeTeamMember];
