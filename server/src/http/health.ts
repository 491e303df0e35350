import type { RequestHandler } from 'express';
import { PROTOCOL_VERSION, type InstallerOs, type InstallerState, type PeerjsStats, type Readiness } from '@rs/protocol';
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

/**
 * GET /readyz for orchestrators (Kubernetes readiness, a load balancer's check): 200 while a real query of
 * the database (and, with REDIS_URL, a Redis ping) answers within the check's time, 503 naming what failed
 * otherwise, and 503 from the moment the node starts shutting down so no new client is sent to it.
 */
export function readinessCheck(
  store: Store,
  pingRedis: (() => Promise<void>) | null,
  shuttingDown: () => boolean,
  installers: () => Promise<Record<InstallerOs, InstallerState>>,
): RequestHandler {
  return (_req, res) => {
    void (async () => {
      const [database, redis, states] = await Promise.all([within(CHECK_MS, store.countReps()), pingRedis ? within(CHECK_MS, pingRedis()) : Promise.resolve(true), installers()]);
      const broken = Object.values(states).some((s) => s.state === 'broken');
      const failing: NonNullable<Readiness['failing']> = [
        ...(database ? [] : ['database' as const]),
        ...(redis ? [] : ['redis' as const]),
        ...(shuttingDown() ? ['shutting_down' as const] : []),
        ...(broken ? ['installers' as const] : []),
      ];
      const answer: Readiness = failing.length ? { ready: false, failing, installers: states } : { ready: true, installers: states };
      res.status(failing.length ? 503 : 200).json(answer);
    })();
  };
}
