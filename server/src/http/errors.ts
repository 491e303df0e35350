import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ProtocolError, parseWith, type ErrorCode } from '@rs/protocol';
import type { z } from 'zod';
import { log } from '../observability/log.ts';

/** The HTTP status of each error code on REST (500 for any other); the OpenAPI document groups a route's codes by it. */
export const STATUS: Partial<Record<ErrorCode, number>> = {
  bad_json: 400,
  bad_message: 400,
  too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_state: 409,
  conflict: 409,
  rate_limited: 429,
  // A configured bound of the resource (relayed bytes): the request conflicts with its state, and retrying will not help.
  limit_reached: 409,
};

export function sendError(res: Response, code: ErrorCode, message: string, retryAfterMs?: number): void {
  if (retryAfterMs !== undefined) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  res.status(STATUS[code] ?? 500).json({ error: { code, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } });
}

/** Wraps an async route so a ProtocolError becomes its typed answer and anything else a 500 that leaks nothing. */
export const route =
  (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req, res) => {
    fn(req, res).catch((err: unknown) => {
      if (err instanceof ProtocolError) return sendError(res, err.code, err.message, err.retryAfterMs);
      (req.log ?? log).error({ err }, `${req.method} ${req.path} failed`);
      sendError(res, 'internal', 'internal error');
    });
  };

/** Parses a request body with its protocol schema or throws the typed 400. */
export function body<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  const parsed = parseWith(schema, req.body);
  if (!parsed.ok) throw new ProtocolError(parsed.error.code, parsed.error.message);
  return parsed.value;
}

/** Final error handler: malformed JSON bodies and oversized bodies get typed answers too. */
export function jsonErrors(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return sendError(res, 'bad_json', 'the request body is not valid JSON');
  if (type === 'entity.too.large') return sendError(res, 'too_large', 'the request body is too large');
  // Express's parameter decoder throws this for malformed percent-encoding that reached a route.
  if (err instanceof URIError) return sendError(res, 'bad_message', 'the URL has malformed percent-encoding');
  (req.log ?? log).error({ err }, 'unhandled request error');
  sendError(res, 'internal', 'internal error');
}
