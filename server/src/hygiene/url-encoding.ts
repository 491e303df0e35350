import type { RequestHandler } from 'express';
import { sendError } from '../http/errors.ts';
import { log } from '../observability/log.ts';

/**
 * Refuses a path with malformed percent-encoding (`%E0%A4%A`, `%zz`) before
 * any route decodes it: Express would throw a URIError from its parameter
 * decoder (a 500 with a stack trace) and the static handlers would answer 404.
 * Logged as one line: the path is the caller's, so it is quoted and cut short.
 */
export const rejectMalformedUrl: RequestHandler = (req, res, next) => {
  try {
    decodeURIComponent(req.path);
  } catch {
    (req.log ?? log).warn({ path: req.originalUrl.slice(0, 120) }, 'malformed URL encoding, answered 400');
    return sendError(res, 'bad_message', 'the URL has malformed percent-encoding');
  }
  next();
};
