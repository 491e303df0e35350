import { IdSchema, PermissionsResponseSchema } from '@rs/protocol';
import { operation } from '../http/operation.ts';

export const sessionPermissions = operation({
  method: 'get', path: '/api/sessions/:id/permissions', operationId: 'sessionPermissions', tag: 'Permissions', auth: 'party',
  summary: "The session's permissions, for either party (after a reload)",
  params: { id: IdSchema },
  responses: { 200: PermissionsResponseSchema },
});

export const permissionsOperations = [sessionPermissions];
