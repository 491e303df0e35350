import { QUEUE_DELTA_MAX_ENTRIES, type QueueEntry, type ServerMessage, type Team } from '@rs/protocol';

/** How long the cached waiting sessions are trusted before a recompute reads them all again. */
const FULL_READ_MS = 5000;
import type { Hub } from '../live/hub.ts';
import type { SessionRecord, Store } from '../store/store.ts';
import type { SessionRoute } from '../store/workflow-store.ts';
import { queueFor } from '../workflow/routing.ts';
import { log } from '../observability/log.ts';

/**
 * The waiting sessions (queued and held) as each representative sees them:
 * general, personal and team queues. A representative's connection gets the
 * whole list when it opens, then only what changed (`queue.delta`), against
 * what this node last sent that representative. A change anywhere in the
 * cluster makes every node recompute its own representatives' lists: once per
 * batch of changes (changes made while a recompute runs share the next one).
 */
export class SessionQueue {
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #now: () => number;
  readonly #changeListeners = new Set<() => void>();
  /** What each representative connected here was last sent, by session id. */
  readonly #sent = new Map<string, Map<string, QueueEntry>>();
  /** Representatives with a connection that opened since the last recompute: they get the whole list. */
  #fresh = new Set<string>();
  /** Recomputes run one after another; `#next` is the one not started yet, which every new change joins. */
  #chain: Promise<void> = Promise.resolve();
  #next: Promise<void> | null = null;
  readonly #stops: (() => void)[] = [];
  /**
   * The waiting sessions and their routes as this node last read them. A change made here names its session,
   * and only that one is read again; a change on another node (or one without a name) reads them all, and so
   * does a recompute FULL_READ_MS after the last full read, so a change that named nothing is not kept wrong.
   */
  #cache: { byId: Map<string, SessionRecord>; routes: Map<string, SessionRoute>; readAt: number } | null = null;
  #dirty = new Set<string>();
  #readAll = true;

  constructor(store: Store, hub: Hub, now: () => number) {
    this.#store = store;
    this.#hub = hub;
    this.#now = now;
  }

  /** Listens for other nodes' queue changes and for representatives connecting here. */
  start(): void {
    this.#stops.push(
      this.#hub.onQueueChanged(() => {
        this.#readAll = true;
        void this.#refresh().catch(() => undefined);
      }),
      this.#hub.onChange((joined) => {
        if (!joined?.repId) return;
        this.#fresh.add(joined.repId);
        void this.#refresh().catch(() => undefined);
      }),
    );
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }

  /** Called after the queue or the set of served sessions changed (click-to-chat recomputes waits). */
  onChange(listener: () => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** The served sessions changed but not the queue: only the listeners hear of it. */
  changed(): void {
    for (const listener of this.#changeListeners) listener();
  }

  /** The waiting sessions this rep may see (all of them without a rep), held ones included. */
  async entries(repId?: string): Promise<QueueEntry[]> {
    const { waiting, byId, routes, teams, siteNames } = this.#withNames(await this.#readWaiting(), ...(await this.#teamsAndSites()));
    return queueFor(waiting, routes, teams, repId).map((e) => withSite(e, byId, siteNames));
  }

  /**
   * This node's reps get their change now (before the reply that changed it); the other nodes serve theirs when told.
   * `sessionId` names the one waiting session that changed (joined, left, moved); without it every one is read again.
   */
  async broadcast(sessionId?: string): Promise<void> {
    if (sessionId === undefined) this.#readAll = true;
    else this.#dirty.add(sessionId);
    await this.#refresh();
    this.#hub.queueChanged();
  }

  /** Resolves when a recompute that started after this call has sent its changes. */
  #refresh(): Promise<void> {
    if (this.#next) return this.#next;
    const next = this.#chain.then(() => {
      this.#next = null;
      return this.#sendHere();
    });
    this.#next = next;
    this.#chain = next.catch((err: unknown) => log.error({ err }, 'queue update failed'));
    return next;
  }

  async #sendHere(): Promise<void> {
    const fresh = this.#fresh;
    this.#fresh = new Set();
    const { waiting, byId, routes, teams, siteNames } = this.#withNames(await this.#cached(), ...(await this.#teamsAndSites()));
    const here = this.#hub.localRepIds();
    for (const repId of here) {
      // Each rep sees their own queues (personal and team ones), so each gets their own list.
      const entries = queueFor(waiting, routes, teams, repId).map((e) => withSite(e, byId, siteNames));
      const before = fresh.has(repId) ? undefined : this.#sent.get(repId);
      this.#sent.set(repId, new Map(entries.map((e) => [e.sessionId, e])));
      const message = before ? delta(before, entries, this.#now()) : { type: 'queue' as const, entries, serverTime: this.#now() };
      if (message) this.#hub.toRepHere(repId, message);
    }
    for (const repId of this.#sent.keys()) if (!here.includes(repId)) this.#sent.delete(repId);
    this.changed();
  }

  /** The waiting sessions from the cache, bringing it up to date first (see `#cache`). */
  async #cached(): Promise<{ byId: Map<string, SessionRecord>; routes: Map<string, SessionRoute> }> {
    const now = Date.now();
    if (!this.#cache || this.#readAll || now - this.#cache.readAt > FULL_READ_MS) {
      this.#readAll = false;
      this.#dirty.clear();
      this.#cache = { ...(await this.#readWaiting()), readAt: now };
      return this.#cache;
    }
    const { byId, routes } = this.#cache;
    const ids = [...this.#dirty];
    this.#dirty.clear();
    for (const id of ids) {
      const s = await this.#store.session(id);
      const route = s && (s.state === 'queued' || s.state === 'held') ? await this.#store.workflow.route(id) : null;
      if (s && (s.state === 'queued' || s.state === 'held')) byId.set(id, s);
      else byId.delete(id);
      if (route && byId.has(id)) routes.set(id, route);
      else routes.delete(id);
    }
    return this.#cache;
  }

  /** Every waiting session (queued and held) and its route, from the store. */
  async #readWaiting(): Promise<{ byId: Map<string, SessionRecord>; routes: Map<string, SessionRoute> }> {
    const waiting = [...(await this.#store.sessionsInState('queued')), ...(await this.#store.sessionsInState('held'))];
    const routes = new Map<string, SessionRoute>((await this.#store.workflow.routes(waiting.map((s) => s.id))).map((r) => [r.sessionId, r]));
    return { byId: new Map(waiting.map((s) => [s.id, s])), routes };
  }

  async #teamsAndSites() {
    return [await this.#store.workflow.teams(), new Map((await this.#store.clickToChat.sites()).map((site) => [site.id, site.name]))] as const;
  }

  #withNames({ byId, routes }: { byId: Map<string, SessionRecord>; routes: Map<string, SessionRoute> }, teams: readonly Team[], siteNames: Map<string, string>) {
    return { waiting: [...byId.values()], byId, routes, teams, siteNames };
  }
}

/** What changed from `before` to `entries`: a `queue.delta`, the whole `queue` when a list would be too long, or null for no change. */
function delta(before: ReadonlyMap<string, QueueEntry>, entries: readonly QueueEntry[], serverTime: number): ServerMessage | null {
  const added: QueueEntry[] = [];
  const updated: QueueEntry[] = [];
  const present = new Set<string>();
  for (const e of entries) {
    present.add(e.sessionId);
    const old = before.get(e.sessionId);
    if (!old) added.push(e);
    else if (!sameEntry(old, e)) updated.push(e);
  }
  const removed = [...before.keys()].filter((id) => !present.has(id));
  if (added.length + updated.length + removed.length === 0) return null;
  if (Math.max(added.length, updated.length, removed.length) > QUEUE_DELTA_MAX_ENTRIES) return { type: 'queue', entries: [...entries], serverTime };
  return { type: 'queue.delta', added, updated, removed, serverTime };
}

function sameEntry(a: QueueEntry, b: QueueEntry): boolean {
  return (
    a.customerName === b.customerName &&
    a.queuedAt === b.queuedAt &&
    a.siteName === b.siteName &&
    a.recordingAllowed === b.recordingAllowed &&
    a.incident === b.incident &&
    a.queue === b.queue &&
    a.held === b.held
  );
}

/** Adds the click-to-chat fields (site name, recording choice) to a routed queue entry. */
function withSite(entry: QueueEntry, byId: ReadonlyMap<string, SessionRecord>, siteNames: Map<string, string>): QueueEntry {
  const s = byId.get(entry.sessionId);
  if (!s) return entry;
  return { ...entry, ...(s.siteId ? { siteName: siteNames.get(s.siteId) ?? '' } : {}), recordingAllowed: s.recordingAllowed ?? null };
}
