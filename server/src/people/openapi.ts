import {
  AddRepRequestSchema,
  AddTeamMemberRequestSchema,
  CreateTeamRequestSchema,
  PeopleResponseSchema,
  RepAdminResponseSchema,
  ResetPasswordRequestSchema,
  SetRepRoleRequestSchema,
  TeamSchema,
} from '@rs/protocol';

/** People administration's schemas and paths, merged into the OpenAPI document. */
export const peopleSchemas = {
  AddRepRequest: AddRepRequestSchema,
  PeopleResponse: PeopleResponseSchema,
  RepAdminResponse: RepAdminResponseSchema,
  ResetPasswordRequest: ResetPasswordRequestSchema,
  SetRepRoleRequest: SetRepRoleRequestSchema,
  CreateTeamRequest: CreateTeamRequestSchema,
  AddTeamMemberRequest: AddTeamMemberRequestSchema,
  Team: TeamSchema,
} as const;

type Name = keyof typeof peopleSchemas | 'Error';
const json = (name: Name) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
const errors = { '4XX': { description: 'Refused (typed error): 401 not signed in, 403 not an admin, 404, 409 conflict', ...json('Error') } };
const path = (...names: string[]) => names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
const admin = [{ bearerAuth: [] }];
const ok = (status: string, name: Name) => ({ [status]: { description: 'OK', ...json(name) }, ...errors });
const done = { '204': { description: 'Done' }, ...errors };

export const peoplePaths = {
  '/api/admin/people': { get: { summary: 'Every representative (role, teams, whether they can sign in, online) and every team (admin)', security: admin, responses: ok('200', 'PeopleResponse') } },
  '/api/reps': { post: { summary: 'Add a representative, to the General team (admin); 409 when the username is taken', security: admin, requestBody: json('AddRepRequest'), responses: { '201': { description: 'Created' }, ...errors } } },
  '/api/admin/reps/{repId}/password': { post: { summary: "Set a representative's password; their sign-ins end (admin)", security: admin, parameters: path('repId'), requestBody: json('ResetPasswordRequest'), responses: done } },
  '/api/admin/reps/{repId}/disable': { post: { summary: 'Disable: no sign-in, tokens revoked, live socket closed, active sessions held (admin; not yourself, not the last admin)', security: admin, parameters: path('repId'), responses: ok('200', 'RepAdminResponse') } },
  '/api/admin/reps/{repId}/enable': { post: { summary: 'Enable a disabled representative again (admin)', security: admin, parameters: path('repId'), responses: ok('200', 'RepAdminResponse') } },
  '/api/admin/reps/{repId}/role': { put: { summary: "Change a representative's role; the last enabled admin stays one (admin)", security: admin, parameters: path('repId'), requestBody: json('SetRepRoleRequest'), responses: ok('200', 'RepAdminResponse') } },
  '/api/teams': { post: { summary: 'Create a team (admin)', security: admin, requestBody: json('CreateTeamRequest'), responses: ok('201', 'Team') } },
  '/api/teams/{teamId}/members': { post: { summary: 'Add a member (admin)', security: admin, parameters: path('teamId'), requestBody: json('AddTeamMemberRequest'), responses: done } },
  '/api/teams/{teamId}/members/{repId}': { delete: { summary: 'Remove a member (admin)', security: admin, parameters: path('teamId', 'repId'), responses: done } },
} as const;
