import type { z } from 'zod';
import {
  AUTH_SUBPROTOCOL_PREFIX,
  ClientMessageSchema,
  ClientRequestSchema,
  ErrorMessageSchema,
  HelloSchema,
  IncompatibleSchema,
  LIVE_SUBPROTOCOL,
  PROTOCOL_VERSION,
  ReplySchema,
  ServerMessageSchema,
  WelcomeSchema,
} from '@rs/protocol';
import { SCHEMA_NAMES, SchemaCatalogue, type JsonSchema } from '../http/json-schemas.ts';

const CHANNEL = '#/channels/live';

/** The wire `type` of a message schema (every live message is an object with a literal `type`). */
const typeOf = (schema: z.ZodObject): string => String((schema.shape.type as z.ZodLiteral).value);
const nameOf = (schema: z.ZodType): string => {
  const name = SCHEMA_NAMES.get(schema);
  if (!name) throw new Error('every live message schema is exported from the protocol');
  return name;
};
const lower = (name: string) => name[0]!.toLowerCase() + name.slice(1);
const messageRef = (schema: z.ZodType) => ({ $ref: `${CHANNEL}/messages/${nameOf(schema)}` });

/**
 * The live socket (`/api/ws`) as AsyncAPI 3.0, generated from the protocol's
 * message unions (`ClientMessageSchema`, `ServerMessageSchema`): from the
 * server's side, each client message is an operation it receives (requests
 * with their `reply`/`error` answer, `hello` with `welcome`/`incompatible`),
 * each server message one it sends.
 */
export function buildAsyncApi(publicUrl: string) {
  const url = new URL(publicUrl);
  const catalogue = new SchemaCatalogue('#/components/schemas/', 'draft-7');
  const messages: Record<string, JsonSchema> = {};
  const add = (schema: z.ZodObject, io: 'input' | 'output', sender: string) => {
    messages[nameOf(schema)] = {
      name: typeOf(schema),
      title: typeOf(schema),
      summary: `${sender}: \`${typeOf(schema)}\``,
      contentType: 'application/json',
      payload: catalogue.ref(schema, io),
    };
  };
  const client = ClientMessageSchema.options as readonly z.ZodObject[];
  const server = ServerMessageSchema.options as readonly z.ZodObject[];
  for (const schema of client) add(schema, 'input', 'client -> server');
  for (const schema of server) add(schema, 'output', 'server -> client');

  const requests = new Set<z.ZodType>(ClientRequestSchema.options);
  const answers = new Set<z.ZodType>([WelcomeSchema, IncompatibleSchema, ReplySchema]);
  const operations: Record<string, JsonSchema> = {};
  for (const schema of client) {
    const isHello = schema === HelloSchema;
    operations[lower(nameOf(schema))] = {
      action: 'receive',
      channel: { $ref: CHANNEL },
      title: typeOf(schema),
      summary: isHello
        ? 'The first message on every connection; answered by `welcome`, or `incompatible` (then close 4006)'
        : requests.has(schema) ? `Request \`${typeOf(schema)}\`: answered by \`reply\` or \`error\` with the same \`id\`` : `\`${typeOf(schema)}\``,
      messages: [messageRef(schema)],
      reply: { channel: { $ref: CHANNEL }, messages: (isHello ? [WelcomeSchema, IncompatibleSchema, ErrorMessageSchema] : [ReplySchema, ErrorMessageSchema]).map(messageRef) },
    };
  }
  for (const schema of server) {
    if (answers.has(schema)) continue;
    operations[`send${nameOf(schema)}`] = { action: 'send', channel: { $ref: CHANNEL }, title: typeOf(schema), messages: [messageRef(schema)] };
  }

  const doc = {
    asyncapi: '3.0.0',
    info: {
      title: 'Open Remote Support live socket',
      version: String(PROTOCOL_VERSION),
      description:
        'Generated from the protocol\'s socket message schemas (`protocol/src/socket.ts`). Who may send which request, the budgets and the close codes: docs/PROTOCOL.md, "Live socket". ' +
        `Open the socket with two subprotocols, \`${LIVE_SUBPROTOCOL}\` and \`${AUTH_SUBPROTOCOL_PREFIX}<token>\` (a representative's or a session's customer token), from an allowed Origin.`,
    },
    defaultContentType: 'application/json',
    servers: {
      server: {
        host: url.host,
        protocol: url.protocol === 'https:' ? 'wss' : 'ws',
        description: 'This server',
        security: [{ $ref: '#/components/securitySchemes/token' }],
      },
    },
    channels: {
      live: {
        address: '/api/ws',
        title: 'Live socket',
        description: 'One socket per client; every frame is one JSON message with a `type`.',
        messages: Object.fromEntries(Object.keys(messages).map((name) => [name, { $ref: `#/components/messages/${name}` }])),
      },
    },
    operations,
    components: {
      messages,
      schemas: {} as Record<string, JsonSchema>,
      securitySchemes: {
        token: {
          type: 'httpApiKey',
          in: 'header',
          name: 'Sec-WebSocket-Protocol',
          description: `\`${AUTH_SUBPROTOCOL_PREFIX}<token>\` beside \`${LIVE_SUBPROTOCOL}\`: the token rides in the handshake, never in the URL. A bad one is refused with HTTP 401, a foreign Origin with 403.`,
        },
      },
    },
  };
  return catalogue.seal(doc, (d, schemas) => void (d.components.schemas = schemas));
}

let cached: { url: string; doc: ReturnType<typeof buildAsyncApi> } | null = null;

/** The AsyncAPI document served at `/api/asyncapi.json` (built once per public URL). */
export function asyncApiDocument(publicUrl: string) {
  if (cached?.url !== publicUrl) cached = { url: publicUrl, doc: buildAsyncApi(publicUrl) };
  return cached.doc;
}
