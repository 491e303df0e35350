import { ProtocolError } from '@rs/protocol';
import type { Store } from '../store/store.ts';
import type { Hub } from '../live/hub.ts';
import { log } from '../observability/log.ts';

export interface GraceOptions {
  /** How long a customer connected nowhere has to come back. */
  graceMs: number;
  /** How often this node looks for due deadlines (any node's) and dead nodes' customers. */
  sweepMs: number;
  now: () => number;
  /** Ends the session as "customer left" (a conditional transition: only one caller can win). */
  leave: (sessionId: string) => Promise<unknown>;
}

/**
 * The customer's grace across the cluster. The deadline is a store row, set
 * when the customer's last connection anywhere goes and cleared when one
 * comes back, so any node may end the session when it is due and exactly one
 * does (the one whose claim removes the row). The node that set a deadline
 * also keeps a timer to act on time; every node's sweep catches the rest
 * (deadlines of nodes that died, customers of nodes that died).
 */
export class CustomerGrace {
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #o: GraceOptions;
  readonly #timers = new Map<string, NodeJS.Timeout>();
  #sweeper: NodeJS.Timeout | null = null;
  #sweeping = false;
  #closed = false;

  constructor(store: Store, hub: Hub, options: GraceOptions) {
    this.#store = store;
    this.#hub = hub;
    this.#o = options;
  }

  start(): void {
    if (this.#closed || this.#sweeper) return;
    this.#sweeper = setInterval(() => void this.#sweep(), this.#o.sweepMs);
    this.#sweeper.unref();
  }

  close(): void {
    this.#closed = true;
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    if (this.#sweeper) clearInterval(this.#sweeper);
  }

  /** A customer connection came: no deadline. Never rejects. */
  async connected(sessionId: string): Promise<void> {
    this.forget(sessionId);
    await this.#store.absences.clear(sessionId).catch((err: unknown) => log.error({ err }, 'absence not cleared'));
  }

  /** A customer connection went: if none is left on any node, the grace begins. Never rejects. */
  async disconnected(sessionId: string): Promise<void> {
    if (this.#closed) return;
    try {
      if (await this.#hub.customerOnline(sessionId)) return;
      await this.begin(sessionId);
    } catch (err) {
      if (!this.#closed) log.error({ err }, 'absence not recorded');
    }
  }

  /** Sets the deadline a grace from now (a new session, whose customer has not connected yet, starts here). */
  async begin(sessionId: string): Promise<void> {
    const deadlineAt = this.#o.now() + this.#o.graceMs;
    await this.#store.absences.set(sessionId, deadlineAt);
    this.forget(sessionId);
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(sessionId);
      void this.#expire(sessionId, deadlineAt);
    }, this.#o.graceMs);
    timer.unref();
    this.#timers.set(sessionId, timer);
  }

  /** Drops this node's timer (the session ended); a row left behind is claimed by a sweep and finds the session closed. */
  forget(sessionId: string): void {
    clearTimeout(this.#timers.get(sessionId));
    this.#timers.delete(sessionId);
  }

  /** A deadline is due: whichever node claims it ends the session, unless the customer is back. */
  async #expire(sessionId: string, deadlineAt: number): Promise<void> {
    try {
      if (await this.#hub.customerOnline(sessionId)) {
        await this.#store.absences.claim(sessionId, deadlineAt);
        return;
      }
      if (!(await this.#store.absences.claim(sessionId, deadlineAt))) return;
      await this.#o.leave(sessionId);
    } catch (err) {
      if (!(err instanceof ProtocolError) && !this.#closed) log.error({ err }, 'grace expiry failed');
    }
  }

  /** Customers of dead nodes get their grace; due deadlines (whoever set them) end sessions. */
  async #sweep(): Promise<void> {
    if (this.#sweeping || this.#closed) return;
    this.#sweeping = true;
    try {
      for (const sessionId of await this.#hub.sweepPresence()) await this.disconnected(sessionId);
      for (const due of await this.#store.absences.due(this.#o.now(), 100)) {
        if (this.#closed) break;
        await this.#expire(due.sessionId, due.deadlineAt);
      }
    } catch (err) {
      if (!this.#closed) log.error({ err }, 'grace sweep failed');
    } finally {
      this.#sweeping = false;
    }
  }
}
