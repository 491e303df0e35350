import {
  CreateSessionResponseSchema,
  ErrorBodySchema,
  LoginResponseSchema,
  MeResponseSchema,
  ProtocolError,
  TranscriptResponseSchema,
  parseWith,
  type Parsed,
  type CreateSessionResponse,
  type ErrorCode,
  type LoginResponse,
  type Rep,
  type TranscriptResponse,
} from '@rs/protocol';

/** Where a REST call goes and as whom. */
export interface ApiTarget {
  serverUrl: string;
  token?: string | null;
  signal?: AbortSignal;
  /** Injected in tests; the page's fetch otherwise. */
  fetch?: typeof fetch;
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'bad_message',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  429: 'rate_limited',
};

/** Sends one request; resolves with the decoded JSON body of a 2xx answer, throws ProtocolError otherwise. */
export async function call(target: ApiTarget, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (target.token) headers.authorization = `Bearer ${target.token}`;
  const doFetch = target.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  try {
    response = await doFetch(target.serverUrl + path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: target.signal ?? null,
      credentials: 'omit',
    });
  } catch (error) {
    if (target.signal?.aborted) throw error;
    throw new ProtocolError('closed', `Cannot reach the support server at ${target.serverUrl}`);
  }
  const raw = await readJson(response);
  if (response.ok) return raw;
  const parsed = ErrorBodySchema.safeParse(raw);
  const retryAfterMs = parsed.success ? parsed.data.error.retryAfterMs : retryAfterHeader(response);
  const options = retryAfterMs === undefined ? {} : { retryAfterMs };
  if (parsed.success) throw new ProtocolError(parsed.data.error.code, parsed.data.error.message, options);
  throw new ProtocolError(STATUS_CODES[response.status] ?? 'internal', `The support server answered HTTP ${response.status}`, options);
}

/** `Retry-After` in seconds (a proxy's 429 has no JSON body); the HTTP-date form is not worth a guess. */
function retryAfterHeader(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after') ?? NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** Parse, don't cast: a 2xx body that does not match the contract is an error too. */
export function expect<T>(parsed: Parsed<T>): T {
  if (parsed.ok) return parsed.value;
  throw new ProtocolError('bad_message', `Unexpected answer from the support server: ${parsed.error.message}`);
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** POST /api/auth/login */
export async function login(target: ApiTarget, username: string, password: string): Promise<LoginResponse> {
  return expect(parseWith(LoginResponseSchema, await call(target, 'POST', '/api/auth/login', { username, password })));
}

/** POST /api/auth/logout (204). */
export async function logout(target: ApiTarget): Promise<void> {
  await call(target, 'POST', '/api/auth/logout');
}

/** GET /api/me: the signed-in representative. */
export async function me(target: ApiTarget): Promise<Rep> {
  return expect(parseWith(MeResponseSchema, await call(target, 'GET', '/api/me'))).rep;
}

/** POST /api/sessions: a customer starts a chat; the answer carries the customer's only credential. */
export async function createSession(target: ApiTarget, customerName: string, recordingAllowed = false): Promise<CreateSessionResponse> {
  return expect(parseWith(CreateSessionResponseSchema, await call(target, 'POST', '/api/sessions', { customerName, recordingAllowed })));
}

/** GET /api/sessions/:id/transcript (representatives). */
export async function transcript(target: ApiTarget, sessionId: string): Promise<TranscriptResponse> {
  const raw = await call(target, 'GET', `/api/sessions/${encodeURIComponent(sessionId)}/transcript`);
  return expect(parseWith(TranscriptResponseSchema, raw));
}

/**
 * GET /healthz: true when the server answers HTTP at all. Used to tell "the server
 * is down" (keep retrying) from "the server refused our credentials" (give up).
 */
export async function isServerUp(target: ApiTarget): Promise<boolean> {
  try {
    await call(target, 'GET', '/healthz');
    return true;
  } catch (error) {
    return !(error instanceof ProtocolError && error.code === 'closed');
  }
}

/** For feature modules that add their own REST calls with the same error handling. */
export { call as apiCall, expect as expectShape };
