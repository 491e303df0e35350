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
  PermissionsResponseSchema,
  StartRecordingRequestSchema,
  FinishRecordingRequestSchema,
  StartRecordingResponseSchema,
  RecordingListResponseSchema,
  NoticeInputSchema,
  NoticeListResponseSchema,
  NoticeSchema,
  PublicSiteResponseSchema,
  SiteInputSchema,
  SiteListResponseSchema,
  SiteSchema,
  SurveyAnswersSchema,
  SurveyResponseSchema,
} from '@rs/protocol';
import { workflowPaths, workflowSchemas } from '../workflow/openapi.ts';
import { peoplePaths, peopleSchemas } from '../people/openapi.ts';

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
  PermissionsResponse: PermissionsResponseSchema,
  StartRecordingRequest: StartRecordingRequestSchema,
  FinishRecordingRequest: FinishRecordingRequestSchema,
  RecordingResponse: StartRecordingResponseSchema,
  RecordingListResponse: RecordingListResponseSchema,
  PublicSiteResponse: PublicSiteResponseSchema,
  Site: SiteSchema,
  SiteInput: SiteInputSchema,
  SiteListResponse: SiteListResponseSchema,
  Notice: NoticeSchema,
  NoticeInput: NoticeInputSchema,
  NoticeListResponse: NoticeListResponseSchema,
  SurveyAnswers: SurveyAnswersSchema,
  SurveyResponse: SurveyResponseSchema,
  ...workflowSchemas,
  ...peopleSchemas,
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
      '/readyz': { get: { summary: 'Readiness: each helper installer is ok, missing or broken (a broken one is not served)', responses: { '200': { description: 'No installer is broken' }, '503': { description: 'An installer failed its check; the body names it and why' } } } },
      '/api/auth/login': {
        post: { summary: 'A representative signs in', requestBody: json('LoginRequest'), responses: { '200': { description: 'Signed in', ...json('LoginResponse') }, ...errors } },
      },
      '/api/auth/logout': { post: { summary: 'Sign out (revokes the token)', security: rep, responses: { '204': { description: 'Signed out' }, ...errors } } },
      '/api/me': { get: { summary: 'The signed-in representative', security: rep, responses: { '200': { description: 'You', ...json('MeResponse') }, ...errors } } },
      '/api/sessions': {
        get: { summary: 'Recent sessions, newest first: those the reader may read (an admin or history:read token all, a representative those they took part in or their teams served)', security: rep, parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500 } }], responses: { '200': { description: 'Sessions', ...json('SessionListResponse') }, ...errors } },
        post: { summary: 'A customer starts a chat', requestBody: json('CreateSessionRequest'), responses: { '201': { description: 'Queued', ...json('CreateSessionResponse') }, ...errors } },
      },
      '/api/sessions/{id}/transcript': {
        get: { summary: 'A session and its whole transcript (a reader of the session; 404 otherwise)', security: rep, parameters: idParam, responses: { '200': { description: 'Transcript', ...json('TranscriptResponse') }, ...errors } },
      },
      '/api/sessions/{id}/peer': {
        get: { summary: "This party's server-issued PeerJS identity", security: [{ bearerAuth: [] }], parameters: idParam, responses: { '200': { description: 'Peer credentials', ...json('PeerCredentials') }, ...errors } },
      },
      '/api/sessions/{id}/permissions': {
        get: { summary: 'What the representative may do in the session (either party)', security: [{ bearerAuth: [] }], parameters: idParam, responses: { '200': { description: 'Permissions', ...json('PermissionsResponse') }, ...errors } },
      },
      '/api/sessions/{id}/recordings': {
        get: { summary: "The session's screen recordings (a reader of the session; 404 otherwise)", security: rep, parameters: idParam, responses: { '200': { description: 'Recordings', ...json('RecordingListResponse') }, ...errors } },
        post: { summary: 'Start recording (the session\'s rep; 403 when the customer refused recording)', security: rep, parameters: idParam, requestBody: json('StartRecordingRequest'), responses: { '201': { description: 'Started', ...json('RecordingResponse') }, ...errors } },
      },
      '/api/recordings/{id}/chunks/{seq}': {
        put: { summary: 'Upload chunk seq (from 0, in order) as raw bytes', security: rep, parameters: [...idParam, { name: 'seq', in: 'path', required: true, schema: { type: 'integer', minimum: 0 } }], requestBody: { content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, responses: { '200': { description: 'Stored', ...json('RecordingResponse') }, ...errors } },
      },
      '/api/recordings/{id}/finish': {
        post: { summary: 'No more chunks will come; 409 while some of the `chunks` recorded have not arrived', security: rep, parameters: idParam, requestBody: json('FinishRecordingRequest'), responses: { '200': { description: 'Finished', ...json('RecordingResponse') }, ...errors } },
      },
      '/api/recordings/{id}/media': {
        get: { summary: 'A complete recording as WebM (a reader of its session; 404 otherwise); 409 when it is still recording, incomplete or empty', security: rep, parameters: idParam, responses: { '200': { description: 'WebM', content: { 'video/webm': { schema: { type: 'string', format: 'binary' } } } }, ...errors } },
      },
      // Click-to-chat (issue 3).
      '/api/public/site': { get: { summary: "A public site's settings, active notices and representatives signed in", parameters: [{ name: 'path', in: 'query', schema: { type: 'string' } }], responses: { '200': { description: 'Site', ...json('PublicSiteResponse') }, ...errors } } },
      '/api/admin/sites': {
        get: { summary: 'Public sites (admins)', security: rep, responses: { '200': { description: 'Sites', ...json('SiteListResponse') }, ...errors } },
        post: { summary: 'Add a public site (admins)', security: rep, requestBody: json('SiteInput'), responses: { '201': { description: 'Added', ...json('Site') }, ...errors } },
      },
      '/api/admin/sites/{id}': {
        put: { summary: 'Change a public site (admins)', security: rep, parameters: idParam, requestBody: json('SiteInput'), responses: { '200': { description: 'Saved', ...json('Site') }, ...errors } },
        delete: { summary: "Delete a public site no session was started on; it leaves every notice's site list (admins)", security: rep, parameters: idParam, responses: { '204': { description: 'Deleted' }, ...errors } },
      },
      '/api/admin/notices': {
        get: { summary: 'Customer notices (admins)', security: rep, responses: { '200': { description: 'Notices', ...json('NoticeListResponse') }, ...errors } },
        post: { summary: 'Add a customer notice (admins)', security: rep, requestBody: json('NoticeInput'), responses: { '201': { description: 'Added', ...json('Notice') }, ...errors } },
      },
      '/api/admin/notices/{id}': { put: { summary: 'Change a customer notice (admins)', security: rep, parameters: idParam, requestBody: json('NoticeInput'), responses: { '200': { description: 'Saved', ...json('Notice') }, ...errors } } },
      '/api/notices': { get: { summary: "Active notices a representative can send (with sessionId: those its customer's site sees)", security: rep, parameters: [{ name: 'sessionId', in: 'query', schema: { type: 'string' } }], responses: { '200': { description: 'Notices', ...json('NoticeListResponse') }, ...errors } } },
      '/api/sessions/{id}/survey': {
        post: { summary: "The session's customer answers the exit survey (once)", security: [{ bearerAuth: [] }], parameters: idParam, requestBody: json('SurveyAnswers'), responses: { '204': { description: 'Stored' }, ...errors } },
        get: { summary: "A session's exit survey answers (a reader of the session; 404 otherwise)", security: rep, parameters: idParam, responses: { '200': { description: 'Answers', ...json('SurveyResponse') }, ...errors } },
      },
      '/api/me/avatar': { put: { summary: "Upload the signed-in representative's photo (image/png, jpeg, webp or gif body, at most 256 KB)", security: rep, responses: { '204': { description: 'Saved' }, ...errors } } },
      '/api/reps/{id}/avatar': { get: { summary: "A representative's photo (public)", parameters: idParam, responses: { '200': { description: 'The image' }, ...errors } } },
      ...workflowPaths,
      ...peoplePaths,
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' })])),
    },
  };
}
