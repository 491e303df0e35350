import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { ErrorCode } from '@rs/protocol';
import type { z } from 'zod';
import { body as parseBody, route } from './errors.ts';

/**
 * Who may call an operation, as the OpenAPI document's `security` and the
 * errors the check itself can answer:
 * - `none`: anyone;
 * - `rep` / `admin`: a representative's sign-in token (an admin's);
 * - `party`: the session's customer token or the representative serving it;
 * - `reader`: a reader of the session's data (an admin, a representative who took part, or an API token with `history:read`);
 * - `journal`: an API token with `journal:read`, or a representative;
 * - `signed`: a signed, expiring link (`expires` and `signature` in the query).
 */
export type Auth = 'none' | 'rep' | 'admin' | 'party' | 'reader' | 'journal' | 'signed';

/** Content described by its media types only (a download, an image, a document). */
export interface RawContent {
  raw: readonly string[];
  description?: string;
}

/** A request body that is not JSON: its media types and the most bytes the server reads. */
export interface RawBody extends RawContent {
  maxBytes: number;
  /** Read whatever the Content-Type says (chunks of recordings and files); otherwise only `raw`'s types. */
  anyType?: boolean;
}

/** What a success answers: a JSON body with this schema, content of these media types, or nothing (`null`). */
export type Answer = z.ZodType | RawContent | null;

export type Tag =
  | 'Health' | 'Documents' | 'Sign-in' | 'Sessions' | 'Permissions' | 'Recordings' | 'Public sites' | 'Notices' | 'Surveys'
  | 'Avatars' | 'Installers' | 'Session keys' | 'Directory' | 'History' | 'Integrations' | 'ITSM' | 'Files' | 'People';

/**
 * One REST route, declared once: `mount` serves it with these schemas and
 * `openapi.ts` describes it from the same object, so the document cannot say
 * something the route does not do.
 */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  /** The full path as Express writes it (`/api/sessions/:id`); every `:name` needs an entry in `params`. */
  path: string;
  operationId: string;
  tag: Tag;
  summary: string;
  description?: string;
  auth: Auth;
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  body?: z.ZodType | RawBody;
  responses: Partial<Record<200 | 201 | 204 | 503, Answer>>;
  /** Error codes this route answers beyond those its auth, parameters and body imply (see `errorCodes`). */
  errors?: readonly ErrorCode[];
}

/** Declares an operation; keeps the literal types so `mount` knows the body's type. */
export const operation = <const O extends Operation>(op: O): O => op;

export const isRawBody = (b: unknown): b is RawBody => isRaw(b) && 'maxBytes' in b;
export const isRaw = (b: unknown): b is RawContent => typeof b === 'object' && b !== null && 'raw' in b && Array.isArray((b as RawContent).raw);

/** Every code an operation can answer: its own, plus those of its auth check, ids in the path, the body, and `internal`. */
export function errorCodes(op: Operation): ErrorCode[] {
  const codes = new Set<ErrorCode>(op.errors ?? []);
  const auth: Record<Auth, ErrorCode[]> = {
    none: [],
    rep: ['unauthorized'],
    admin: ['unauthorized', 'forbidden'],
    party: ['unauthorized', 'not_found'],
    // API tokens are throttled: too many wrong ones from an address, too many requests with one.
    reader: ['unauthorized', 'forbidden', 'not_found', 'rate_limited'],
    journal: ['unauthorized', 'forbidden', 'rate_limited'],
    signed: ['unauthorized'],
  };
  for (const code of auth[op.auth]) codes.add(code);
  // A malformed id in the path answers as a missing one.
  if (op.params && Object.keys(op.params).length > 0) codes.add('not_found');
  if (op.body && isRawBody(op.body)) for (const code of ['bad_message', 'too_large'] as const) codes.add(code);
  else if (op.body) for (const code of ['bad_json', 'bad_message', 'too_large'] as const) codes.add(code);
  codes.add('internal');
  return [...codes];
}

type BodyOf<O extends Operation> = O['body'] extends z.ZodType ? z.output<O['body']> : never;

/** What a handler gets besides req and res: `body()` parses the request body with the operation's schema (typed 400 otherwise). */
export interface Input<O extends Operation> {
  body(): BodyOf<O>;
}

/** The Express path of an operation under `under` (where its router is mounted). */
export function routerPath(op: Operation, under: string): string {
  if (!op.path.startsWith(`${under}/`)) throw new Error(`${op.operationId}: ${op.path} is not under ${under}`);
  return op.path.slice(under.length);
}

/**
 * Serves `op` on `router` (mounted at `under`, `/api` by default): a raw body
 * is read with the operation's own media types and limit, errors become typed
 * answers (`route`), and the handler parses its JSON body with the declared
 * schema when it chooses to (after its auth check, so a stranger learns nothing
 * from a 400).
 */
export function mount<O extends Operation>(
  router: Router | express.Express,
  op: O,
  handler: (req: Request, res: Response, input: Input<O>) => Promise<void>,
  { under = '/api' }: { under?: string } = {},
): void {
  const path = routerPath(op, under);
  const declared = op.body;
  const input = (req: Request): Input<O> => ({
    body: () => {
      if (!declared || isRawBody(declared)) throw new Error(`${op.operationId} declares no JSON body`);
      return parseBody(declared, req) as BodyOf<O>;
    },
  });
  const wrapped = route((req, res) => handler(req, res, input(req)));
  const middleware = declared && isRawBody(declared)
    ? [express.raw({ type: declared.anyType ? () => true : [...declared.raw], limit: declared.maxBytes })]
    : [];
  // One signature for get/post/put/delete (their overloads do not unify).
  const add = router[op.method].bind(router) as (path: string, ...handlers: RequestHandler[]) => unknown;
  add(path, ...middleware, wrapped);
}
