import type { QueueEntry } from '@rs/protocol';
import type { Hub } from '../live/hub.ts';
import type { SessionRecord, Store } from '../store/store.ts';
import type { SessionRoute } from '../store/workflow-store.ts';
import { queueFor } from '../workflow/routing.ts';

/**
 * The waiting sessions (queued and held) as each representative sees them:
 * general, personal and team queues. A change anywhere in the cluster makes
 * every node send each of its own representatives their list.
 */
export class SessionQueue {
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #now: () => number;
  readonly #changeListeners = new Set<() => void>();
  #stop: (() => void) | null = null;

  constructor(store: Store, hub: Hub, now: () => number) {
    this.#store = store;
    this.#hub = hub;
    this.#now = now;
  }

  /** Listens for other nodes' queue changes. */
  start(): void {
    this.#stop = this.#hub.onQueueChanged(() => void this.#sendHere().catch((err: unknown) => console.error('queue update failed', err)));
  }

  stop(): void {
    this.#stop?.();
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
    const { waiting, routes, teams, siteNames } = await this.#waiting();
    return queueFor(waiting, routes, teams, repId).map((e) => withSite(e, waiting, siteNames));
  }

  /** This node's reps get their queue now (before the reply that changed it); the other nodes serve theirs when told. */
  async broadcast(): Promise<void> {
    await this.#sendHere();
    this.#hub.queueChanged();
  }

  async #sendHere(): Promise<void> {
    // Each rep sees their own queues (personal and team ones), so each gets their own list.
    const { waiting, routes, teams, siteNames } = await this.#waiting();
    for (const repId of this.#hub.localRepIds()) {
      const entries = queueFor(waiting, routes, teams, repId).map((e) => withSite(e, waiting, siteNames));
      this.#hub.toRepHere(repId, { type: 'queue', entries, serverTime: this.#now() });
    }
    this.changed();
  }

  async #waiting() {
    const waiting = [...(await this.#store.sessionsInState('queued')), ...(await this.#store.sessionsInState('held'))];
    const routes = new Map<string, SessionRoute>((await this.#store.workflow.routes(waiting.map((s) => s.id))).map((r) => [r.sessionId, r]));
    const siteNames = new Map((await this.#store.clickToChat.sites()).map((site) => [site.id, site.name]));
    return { waiting, routes, teams: await this.#store.workflow.teams(), siteNames };
  }
}

/** Adds the click-to-chat fields (site name, recording choice) to a routed queue entry. */
function withSite(entry: QueueEntry, waiting: SessionRecord[], siteNames: Map<string, string>): QueueEntry {
  const s = waiting.find((w) => w.id === entry.sessionId);
  if (!s) return entry;
  return { ...entry, ...(s.siteId ? { siteName: siteNames.get(s.siteId) ?? '' } : {}), recordingAllowed: s.recordingAllowed ?? null };
}
