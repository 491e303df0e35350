import { z } from 'zod';
import {
  CreateSessionRequestSchema,
  CreateSessionResponseSchema,
  ErrorBodySchema,
  HealthSchema,
  LoginRequestSchema,
  LoginResponseSchema,
  MeResponseSchema,
  PeerCredentialsSchema,
  PROTOCOL_VERSION,
  TranscriptResponseSchema,
  SessionListResponseSchema,
} from '@rs/protocol';
import { workflowPaths, workflowSchemas } from '../workflow/openapi.ts';

const schemas = {
  Error: ErrorBodySchema,
  Health: HealthSchema,
  LoginRequest: LoginRequestSchema,
  LoginResponse: LoginResponseSchema,
  MeResponse: MeResponseSchema,
  CreateSessionRequest: CreateSessionRequestSchema,
  CreateSessionResponse: CreateSessionResponseSchema,
  TranscriptResponse: TranscriptResponseSchema,
  SessionListResponse: SessionListResponseSchema,
  PeerCredentials: PeerCredentialsSchema,
  ...workflowSchemas,
} as const;

type Name = keyof typeof schemas;
const ref = (name: Name) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: Name) => ({ content: { 'application/json': { schema: ref(name) } } });
const errors = {
  '400': { description: 'Malformed request', ...json('Error') },
  '401': { description: 'Not signed in', ...json('Error') },
  '404': { description: 'No such resource', ...json('Error') },
};
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];
const rep = [{ bearerAuth: [] }];

/** The REST API as OpenAPI 3.1, generated from the same zod schemas the server validates with. */
export function openApiDocument(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: { title: 'Open Remote Support API', version: String(PROTOCOL_VERSION) },
    servers: [{ url: publicUrl }],
    paths: {
      '/healthz': { get: { summary: 'Liveness', responses: { '200': { description: 'Up', ...json('Health') } } } },
      '/api/auth/login': {
        post: { summary: 'A representative signs in', requestBody: json('LoginRequest'), responses: { '200': { description: 'Signed in', ...json('LoginResponse') }, ...errors } },
      },
      '/api/auth/logout': { post: { summary: 'Sign out (revokes the token)', security: rep, responses: { '204': { description: 'Signed out' }, ...errors } } },
      '/api/me': { get: { summary: 'The signed-in representative', security: rep, responses: { '200': { description: 'You', ...json('MeResponse') }, ...errors } } },
      '/api/sessions': {
        get: { summary: 'Recent sessions, newest first (representatives)', security: rep, parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } }], responses: { '200': { description: 'Sessions', ...json('SessionListResponse') }, ...errors } },
        post: { summary: 'A customer starts a chat', requestBody: json('CreateSessionRequest'), responses: { '201': { description: 'Queued', ...json('CreateSessionResponse') }, ...errors } },
      },
      '/api/sessions/{id}/transcript': {
        get: { summary: 'A session and its whole transcript (representatives)', security: rep, parameters: idParam, responses: { '200': { description: 'Transcript', ...json('TranscriptResponse') }, ...errors } },
      },
      '/api/sessions/{id}/peer': {
        get: { summary: "This party's server-issued PeerJS identity", security: [{ bearerAuth: [] }], parameters: idParam, responses: { '200': { description: 'Peer credentials', ...json('PeerCredentials') }, ...errors } },
      },
      ...workflowPaths,
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })])),
    },
  };
}
