import type { RequestHandler } from 'express';
import type { Store } from '../store/store.ts';
import { API_TOKEN_PREFIX } from '../itsm/tokens.ts';
import { hashToken } from '../auth/secrets.ts';
import { bearer } from './auth.ts';
import { sendError } from './errors.ts';
import type { OriginPolicy } from './origins.ts';

/** Answers CORS only for allowed origins (the extensions call the API cross-origin with a bearer token). */
export function cors(origins: OriginPolicy): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origins.allows(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
}

/**
 * From an origin trusted only for customers (a Firefox extension page), a representative's or an
 * integration's credential is refused before any route sees it: the console and the admin pages
 * keep their exact origins. Customers' and anonymous calls go on.
 */
export function customerOnlyOrigins(origins: OriginPolicy, store: Store): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origins.allows(origin) || origins.trustedAs(origin, 'rep')) return next();
    const token = bearer(req);
    if (!token) return next();
    const refuse = () => sendError(res, 'forbidden', 'this origin may act only as a customer');
    if (token.startsWith(API_TOKEN_PREFIX)) return refuse();
    store.repByToken(hashToken(token), Date.now()).then((rep) => (rep ? refuse() : next()), next);
  };
}
