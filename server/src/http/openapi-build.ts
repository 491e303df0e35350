import { z } from 'zod';
import { ErrorBodySchema, type ErrorCode } from '@rs/protocol';
import { STATUS } from './errors.ts';
import { SchemaCatalogue, type JsonSchema } from './json-schemas.ts';
import { errorCodes, isRaw, isRawBody, type Answer, type Auth, type Operation, type Tag } from './operation.ts';

const SECURITY: Record<Auth, Record<string, string[]>[]> = {
  none: [],
  rep: [{ repToken: [] }],
  admin: [{ repToken: ['admin'] }],
  party: [{ customerToken: [] }, { repToken: [] }],
  reader: [{ repToken: [] }, { apiToken: ['history:read'] }],
  journal: [{ apiToken: ['journal:read'] }, { repToken: [] }],
  signed: [{ signedLink: [] }],
};

const SECURITY_SCHEMES = {
  repToken: { type: 'http', scheme: 'bearer', description: "A representative's sign-in token from `POST /api/auth/login`. Role `admin` where the operation says so (others get 403 `forbidden`)." },
  customerToken: { type: 'http', scheme: 'bearer', description: "A session's customer token, returned once by `POST /api/sessions` or `POST /api/session-keys/redeem`." },
  apiToken: { type: 'http', scheme: 'bearer', description: 'An integration API token (`rsi_...`) from `POST /api/integrations/{id}/tokens`, with the scope the operation names.' },
  signedLink: { type: 'apiKey', in: 'query', name: 'signature', description: 'A signed, expiring link from a webhook payload: `expires` and `signature` in the query, valid for that one path.' },
};

const TAGS: Record<Tag, string> = {
  Health: 'Whether this node can serve',
  Documents: 'These API documents',
  'Sign-in': "Representatives' sign-in",
  Sessions: 'Support sessions, their transcripts and PeerJS identities',
  Permissions: 'What the customer granted in a session',
  Recordings: 'Screen-share recordings',
  'Public sites': 'Click-to-chat sites and their settings',
  Notices: 'Customer notices',
  Surveys: 'Exit survey answers',
  Avatars: "Representatives' photos",
  Installers: 'The elevation helper installers',
  'Session keys': 'Keyed sessions for an incident',
  Directory: 'Transfer targets',
  History: 'Remote Support History',
  Integrations: 'ITSM webhooks and API tokens',
  ITSM: "What an ITSM tool reads with its API token",
  Files: 'The file relay',
  People: 'Representatives and teams (admins)',
};

const STATUS_TEXT: Record<number, string> = { 400: 'Malformed request', 401: 'Not signed in, or the credential is not valid', 403: 'Not allowed', 404: 'No such resource (or not one the caller may read)', 409: 'Conflicts with the current state', 413: 'Too large', 429: 'Too many requests; wait `Retry-After` seconds', 500: 'Unexpected failure (the server logs it)' };

/** Builds the OpenAPI 3.1 document of `operations`; throws on a declaration the document could not describe truthfully. */
export function buildOpenApi(operations: readonly Operation[], info: { title: string; version: string; serverUrl: string }) {
  const catalogue = new SchemaCatalogue('#/components/schemas/', 'draft-2020-12');
  catalogue.ref(ErrorBodySchema, 'output');

  const ids = new Set<string>();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    if (ids.has(op.operationId)) throw new Error(`operationId ${op.operationId} is used twice`);
    ids.add(op.operationId);
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    const named = [...op.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const declared = Object.keys(op.params ?? {});
    if (named.join() !== declared.join()) throw new Error(`${op.operationId}: path parameters ${named.join()} but params ${declared.join()}`);
    const parameters = [
      ...named.map((name) => ({ name, in: 'path', required: true, schema: catalogue.inline(op.params![name]!, 'input') })),
      ...Object.entries(op.query?.shape ?? {}).map(([name, schema]) => queryParameter(name, schema as z.ZodType, catalogue)),
    ];
    const operation: Record<string, unknown> = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      security: SECURITY[op.auth],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: requestBody(op.body, (s) => catalogue.ref(s, 'input')) } : {}),
      responses: { ...successes(op.responses, (s) => catalogue.ref(s, 'output')), ...errorAnswers(errorCodes(op)) },
    };
    (paths[path] ??= {})[op.method] = operation;
  }
  const doc = {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: 'Generated from the routes\' own zod schemas (`server/src/**/operations.ts`). Every error answer is `ErrorBody`; each status lists the codes the route can give.' },
    servers: [{ url: info.serverUrl }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: { securitySchemes: SECURITY_SCHEMES, schemas: {} as Record<string, JsonSchema> },
  };
  return catalogue.seal(doc, (d, schemas) => void (d.components.schemas = schemas));
}

function queryParameter(name: string, schema: z.ZodType, catalogue: SchemaCatalogue) {
  const json = catalogue.inline(schema, 'input');
  const { description, ...rest } = json;
  return { name, in: 'query', required: !schema.safeParse(undefined).success, schema: rest, ...(typeof description === 'string' ? { description } : {}) };
}

function requestBody(body: NonNullable<Operation['body']>, ref: (s: z.ZodType) => JsonSchema) {
  if (isRawBody(body)) {
    const content = Object.fromEntries(body.raw.map((type) => [type, { schema: { type: 'string', contentMediaType: type, maxLength: body.maxBytes } }]));
    return { required: true, description: `${body.description ?? 'The bytes'} (at most ${body.maxBytes} bytes)`, content };
  }
  return { required: true, content: { 'application/json': { schema: ref(body) } } };
}

function successes(responses: Operation['responses'], ref: (s: z.ZodType) => JsonSchema) {
  const text: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'Done, no body', 503: 'Not ready' };
  return Object.fromEntries(
    Object.entries(responses).map(([status, answer]: [string, Answer | undefined]) => {
      const description = text[Number(status)]!;
      if (!answer) return [status, { description }];
      if (isRaw(answer)) return [status, { description: answer.description ?? description, content: Object.fromEntries(answer.raw.map((type) => [type, {}])) }];
      return [status, { description, content: { 'application/json': { schema: ref(answer) } } }];
    }),
  );
}

/** One answer per HTTP status, its schema the error body narrowed to the codes this route gives with that status. */
function errorAnswers(codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = STATUS[code] ?? 500;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].sort(([a], [b]) => a - b).map(([status, list]) => [
      String(status),
      {
        description: `${STATUS_TEXT[status] ?? 'Refused'}: ${list.map((c) => `\`${c}\``).join(', ')}`,
        ...(status === 429 ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } } } : {}),
        content: {
          'application/json': {
            schema: { allOf: [{ $ref: '#/components/schemas/ErrorBody' }, { properties: { error: { properties: { code: { enum: list } } } } }] },
          },
        },
      },
    ]),
  );
}
