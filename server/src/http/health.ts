import type { RequestHandler } from 'express';
import { PROTOCOL_VERSION, type PeerjsStats } from '@rs/protocol';
import type { Store } from '../store/store.ts';

/** How long each dependency may take to answer before the node calls itself unhealthy. */
const CHECK_MS = 2_000;

function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([work.then(() => true, () => false), late]).finally(() => clearTimeout(timer));
}

/**
 * GET /healthz for load balancers: 200 while this node reaches its database and (with REDIS_URL) Redis, 503 with
 * what failed otherwise, so a node that lost either is taken out of rotation and its clients reconnect elsewhere.
 */
export function healthCheck(version: string, store: Store, pingRedis: (() => Promise<void>) | null, peerjs: () => PeerjsStats): RequestHandler {
  return (_req, res) => {
    void (async () => {
      const [database, redis] = await Promise.all([within(CHECK_MS, store.countReps()), pingRedis ? within(CHECK_MS, pingRedis()) : Promise.resolve(true)]);
      const failing = [...(database ? [] : ['database' as const]), ...(redis ? [] : ['redis' as const])];
      res.status(failing.length ? 503 : 200).json({ ok: failing.length === 0, version, protocol: PROTOCOL_VERSION, ...(failing.length ? { failing } : {}), peerjs: peerjs() });
    })();
  };
}
