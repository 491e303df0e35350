import {
  CreateApiTokenRequestSchema,
  CreateApiTokenResponseSchema,
  CreateIntegrationRequestSchema,
  CreateIntegrationResponseSchema,
  DeliveryListResponseSchema,
  DirectoryResponseSchema,
  GenerateSessionKeyRequestSchema,
  HistoryDetailSchema,
  HistoryListResponseSchema,
  JournalResponseSchema,
  RedeemSessionKeyRequestSchema,
  SendSessionKeyEmailRequestSchema,
  SendSessionKeyEmailResponseSchema,
  SessionKeyViewSchema,
} from '@rs/protocol';

/** The representative workflow's schemas and paths, merged into the OpenAPI document. */
export const workflowSchemas = {
  GenerateSessionKeyRequest: GenerateSessionKeyRequestSchema,
  SessionKeyView: SessionKeyViewSchema,
  SendSessionKeyEmailRequest: SendSessionKeyEmailRequestSchema,
  SendSessionKeyEmailResponse: SendSessionKeyEmailResponseSchema,
  RedeemSessionKeyRequest: RedeemSessionKeyRequestSchema,
  DirectoryResponse: DirectoryResponseSchema,
  HistoryListResponse: HistoryListResponseSchema,
  HistoryDetail: HistoryDetailSchema,
  CreateIntegrationRequest: CreateIntegrationRequestSchema,
  CreateIntegrationResponse: CreateIntegrationResponseSchema,
  DeliveryListResponse: DeliveryListResponseSchema,
  CreateApiTokenRequest: CreateApiTokenRequestSchema,
  CreateApiTokenResponse: CreateApiTokenResponseSchema,
  JournalResponse: JournalResponseSchema,
} as const;

type Name = keyof typeof workflowSchemas | 'CreateSessionResponse' | 'Error';
const json = (name: Name) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
const errors = { '4XX': { description: 'Refused (typed error)', ...json('Error') } };
const path = (...names: string[]) => names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
const bearer = [{ bearerAuth: [] }];
const ok = (status: string, name: Name, description = 'OK') => ({ [status]: { description, ...json(name) }, ...errors });

export const workflowPaths = {
  '/api/session-keys': { post: { summary: 'Generate a session key for an incident (rep)', security: bearer, requestBody: json('GenerateSessionKeyRequest'), responses: ok('201', 'SessionKeyView') } },
  '/api/session-keys/{id}/email': { post: { summary: 'Email the invitation; journals it (rep)', security: bearer, parameters: path('id'), requestBody: json('SendSessionKeyEmailRequest'), responses: ok('200', 'SendSessionKeyEmailResponse') } },
  '/api/session-keys/redeem': { post: { summary: "A customer starts the keyed session (rate-limited); it waits in the rep's personal queue", requestBody: json('RedeemSessionKeyRequest'), responses: ok('201', 'CreateSessionResponse') } },
  '/api/directory': { get: { summary: 'Transfer targets: reps (online flag) and teams (rep)', security: bearer, responses: ok('200', 'DirectoryResponse') } },
  '/api/history': { get: { summary: 'Remote Support History, searchable by incident, customer, from, to: the sessions the reader may read', security: bearer, responses: ok('200', 'HistoryListResponse') } },
  '/api/history/{id}': { get: { summary: "One session's Remote Support History (a reader of the session; 404 otherwise)", security: bearer, parameters: path('id'), responses: ok('200', 'HistoryDetail') } },
  '/api/integrations': { post: { summary: 'Add an ITSM webhook (admin)', security: bearer, requestBody: json('CreateIntegrationRequest'), responses: ok('201', 'CreateIntegrationResponse') } },
  '/api/integrations/{id}/deliveries': { get: { summary: 'Webhook delivery log (admin)', security: bearer, parameters: path('id'), responses: ok('200', 'DeliveryListResponse') } },
  '/api/integrations/{id}/tokens': { post: { summary: 'Issue a scoped, expiring API token (admin)', security: bearer, parameters: path('id'), requestBody: json('CreateApiTokenRequest'), responses: ok('201', 'CreateApiTokenResponse') } },
  '/api/integrations/{id}/tokens/{tokenId}': { delete: { summary: 'Revoke an API token (admin)', security: bearer, parameters: path('id', 'tokenId'), responses: { '204': { description: 'Revoked' }, ...errors } } },
  '/api/itsm/incidents/{incident}/journal': { get: { summary: "An incident's journal (API token with journal:read)", security: bearer, parameters: path('incident'), responses: ok('200', 'JournalResponse') } },
} as const;
