import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import { log } from './log.ts';
import { audit } from './audit.ts';
import type { Metrics } from './metrics.ts';

/** An incoming X-Request-Id is kept only when it could not smuggle anything into a log or a header. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Who made a request, once a route authenticated them (set by requireRep), for the request log and the audit. */
export interface Actor {
  repId: string;
  username: string;
  role: string;
}
const actors = new WeakMap<IncomingMessage, Actor>();
export const noteActor = (req: IncomingMessage, actor: Actor): void => void actors.set(req, actor);

/** The path alone: the query may carry a signature or a token, and a hostile path is cut short. */
export function pathOf(req: IncomingMessage): string {
  const raw = (req as Partial<Request>).originalUrl ?? req.url ?? '/';
  const q = raw.indexOf('?');
  return (q === -1 ? raw : raw.slice(0, q)).slice(0, 200);
}

/** Probes polled every few seconds by a load balancer or Prometheus: logged at debug, not at info. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Mutations an admin makes to people, sites, notices and integrations: each successful one is an
 * `admin.changed` audit line naming the admin and the route (API tokens have their own events).
 */
const ADMIN_CHANGE = /^\/api\/(admin\/|reps$|teams(\/|$)|integrations$)/;

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * The request log (pino-http): one line per answered request with `reqId`, `req.method`, `req.path`,
 * `res.status`, `ms` and, once known, the representative who made it. The id is the incoming X-Request-Id
 * when well-formed, a fresh UUID otherwise, echoed back in the response's X-Request-Id; routes log through
 * `req.log`, so their lines carry it too. Also counts throttled (429) answers.
 */
export function requestLog(metrics: Metrics): RequestHandler {
  const logger = pinoHttp({
    logger: log.root,
    genReqId: requestId,
    // Route lines carry only the request id (req.log); the request-log line carries the request too.
    quietReqLogger: true,
    wrapSerializers: false,
    customAttributeKeys: { reqId: 'reqId', responseTime: 'ms' },
    serializers: {
      req: (req: IncomingMessage) => ({ method: req.method, path: pathOf(req) }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
    customProps: (req) => {
      const actor = actors.get(req);
      return actor ? { repId: actor.repId } : {};
    },
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      return PROBES.has(pathOf(req)) ? 'debug' : 'info';
    },
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
  });
  return (req, res, next) => {
    res.once('finish', () => {
      if (res.statusCode === 429) metrics.throttled.inc({ door: 'http' });
      const actor = actors.get(req);
      const path = pathOf(req);
      if (actor?.role === 'admin' && req.method !== 'GET' && res.statusCode < 300 && ADMIN_CHANGE.test(path))
        audit('admin.changed', { repId: actor.repId, username: actor.username, method: req.method, path, route: req.route?.path, status: res.statusCode, reqId: req.id });
    });
    logger(req, res, next);
  };
}
