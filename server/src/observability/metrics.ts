import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PeerjsStats, SessionState } from '@rs/protocol';
import type { SessionRecord, Store } from '../store/store.ts';

/** How long the session gauges' database reads may take during a scrape before the scrape goes on without them. */
const READ_MS = 2_000;
/** The states a session lives in; closed ones are history (GET /api/history), not a gauge. */
const LIVE_STATES: readonly SessionState[] = ['queued', 'held', 'active'];

const waiting = (open: Map<SessionState, SessionRecord[]>) => [...(open.get('queued') ?? []), ...(open.get('held') ?? [])];

/** Null when the database did not answer in time: the gauges then keep their last values rather than report zero. */
async function readOpenSessions(store: Store): Promise<Map<SessionState, SessionRecord[]> | null> {
  const lists = await Promise.all(LIVE_STATES.map((state) => within(READ_MS, store.sessionsInState(state))));
  if (lists.some((list) => list === null)) return null;
  return new Map(LIVE_STATES.map((state, i) => [state, lists[i]!]));
}

function within<T>(ms: number, work: Promise<T>): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  return Promise.race([work.catch(() => null), late]).finally(() => clearTimeout(timer));
}

/**
 * This node's Prometheus metrics (prom-client), one registry per server so tests can run several in one
 * process. Counters move where the work happens (request log, live gateway, PeerJS mount, webhooks); the
 * session gauges read the database at scrape time, so they are the whole cluster's (every node reports the
 * same: aggregate them with max, not sum); sockets and rates are this node's own. Names in docs/PRODUCTION.md.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly throttled: Counter<'door'>;
  readonly liveRequests: Counter<'type' | 'outcome'>;
  readonly liveSockets: Gauge<'role'>;
  readonly queueWait: Histogram;
  readonly webhookFailures: Counter<'outcome'>;
  #peerStats: () => PeerjsStats = () => ({ relayed: 0, dropped: 0, forwarded: 0, expired: 0 });
  #peerSockets: () => number = () => 0;

  constructor(store: Store) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
    this.throttled = new Counter({ name: 'rs_throttled_total', help: 'Requests refused by a throttle: door="http" (429 answers), "live" (rate_limited on the live socket)', labelNames: ['door'], registers });
    this.liveRequests = new Counter({ name: 'rs_live_requests_total', help: 'Live-socket requests handled, by type (chat.send is the chat rate) and outcome (ok or the error code)', labelNames: ['type', 'outcome'], registers });
    this.liveSockets = new Gauge({ name: 'rs_live_sockets', help: 'Live sockets open on this node, by role', labelNames: ['role'], registers });
    this.queueWait = new Histogram({ name: 'rs_queue_wait_seconds', help: 'How long a customer waited in the queue until a representative accepted (on the accepting node)', buckets: [5, 15, 30, 60, 120, 300, 600, 1_800, 3_600], registers });
    this.webhookFailures = new Counter({ name: 'rs_webhook_failures_total', help: 'Webhook delivery attempts that failed: outcome="retry" (another attempt follows) or "failed" (given up)', labelNames: ['outcome'], registers });
    const peerStats = () => this.#peerStats();
    const peerSockets = () => this.#peerSockets();
    new Gauge({
      name: 'rs_peerjs_sockets',
      help: 'PeerJS signalling sockets open on this node',
      registers,
      collect() {
        this.set(peerSockets());
      },
    });
    new Counter({
      name: 'rs_peerjs_frames_total',
      help: 'PeerJS signalling frames on this node: relayed, dropped (not between one session\'s parties), forwarded to another node, expired',
      labelNames: ['outcome'],
      registers,
      collect() {
        this.reset();
        for (const [outcome, n] of Object.entries(peerStats())) this.inc({ outcome }, n);
      },
    });
    // One read of the open sessions per scrape, shared by the three gauges below (a scrape collects them together).
    let inFlight: Promise<Map<SessionState, SessionRecord[]> | null> | null = null;
    const openSessions = () => (inFlight ??= readOpenSessions(store).finally(() => setImmediate(() => (inFlight = null))));
    new Gauge({
      name: 'rs_sessions',
      help: 'Sessions not yet closed, by state (read from the database: the same on every node)',
      labelNames: ['state'],
      registers,
      async collect() {
        const open = await openSessions();
        if (open) for (const [state, list] of open) this.set({ state }, list.length);
      },
    });
    new Gauge({
      name: 'rs_queue_depth',
      help: 'Customers waiting for a representative (queued or held)',
      registers,
      async collect() {
        const open = await openSessions();
        if (open) this.set(waiting(open).length);
      },
    });
    new Gauge({
      name: 'rs_queue_oldest_wait_seconds',
      help: 'How long the customer waiting longest has waited so far (0 when nobody waits)',
      registers,
      async collect() {
        const open = await openSessions();
        if (!open) return;
        const now = Date.now();
        this.set((now - Math.min(now, ...waiting(open).map((s) => s.queuedAt))) / 1000);
      },
    });
  }

  /** The PeerJS relay's counters (peer/stats.ts) and open sockets, read at scrape time. */
  readPeer(stats: () => PeerjsStats, sockets: () => number): void {
    this.#peerStats = stats;
    this.#peerSockets = sockets;
  }
}
