import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendError } from '../http/errors.ts';
import type { Metrics } from './metrics.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** A loopback peer that no proxy speaks for: a reverse proxy on the same machine also connects from loopback. */
function directFromLoopback(req: Parameters<RequestHandler>[0]): boolean {
  const peer = req.socket.remoteAddress ?? '';
  const loopback = peer === '::1' || /^(::ffff:)?127\./.test(peer);
  return loopback && !req.headers['x-forwarded-for'] && !req.headers.forwarded && !req.headers['x-real-ip'];
}

/**
 * GET /metrics in Prometheus text format. With METRICS_TOKEN set, readable from anywhere with
 * `Authorization: Bearer <token>`; without it, only by a scraper on this machine that connects directly
 * (not through a proxy, which would sign for every client on the internet). Others get 401 or 403.
 */
export function metricsEndpoint(metrics: Metrics, token: string | null): RequestHandler {
  const expected = token === null ? null : digest(token);
  return (req, res) => {
    if (expected) {
      const given = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7).trim() : '';
      if (!timingSafeEqual(digest(given), expected)) return sendError(res, 'unauthorized', 'metrics need the METRICS_TOKEN bearer token');
    } else if (!directFromLoopback(req)) {
      return sendError(res, 'forbidden', 'metrics are served to this machine only; set METRICS_TOKEN to scrape them from elsewhere');
    }
    void metrics.registry.metrics().then(
      (text) => void res.type(metrics.registry.contentType).send(text),
      () => sendError(res, 'internal', 'metrics could not be collected'),
    );
  };
}
