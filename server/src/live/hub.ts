import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  CLUSTER_CHANGED_CHANNEL,
  ClusterChangedSchema,
  HUB_CLOSE_CHANNEL,
  HUB_DELIVER_CHANNEL,
  HubCloseSchema,
  HubDeliverySchema,
  parseWith,
  type ClusterChanged,
  type HubClose,
  type HubDelivery,
  type ServerMessage,
} from '@rs/protocol';
import type { Bus } from '../cluster/bus.ts';
import type { LocalParties, Presence } from '../cluster/presence.ts';
import { log } from '../observability/log.ts';

/** One authenticated live connection, as the rest of the server sees it. */
export interface Connection {
  readonly role: 'rep' | 'customer';
  /** Set for reps. */
  readonly repId: string | null;
  /** Set for customers: the one session their token belongs to. */
  readonly sessionId: string | null;
  readonly tokenHash: string;
  send(message: ServerMessage): void;
  /**
   * The same notice already serialised (UTF-8 JSON of a `ServerMessage`): a fan-out encodes a notice once
   * for every socket it goes to. Connections without it get `send`.
   */
  sendEncoded?(data: Buffer, message: ServerMessage): void;
  close(code: number, reason: string): void;
}

export interface HubOptions {
  /** Other nodes' hubs: notices for parties connected there go over it. Absent: this process only. */
  bus?: Bus;
  /** Who is connected on any node. Absent: this node's connections are everyone. */
  presence?: Presence;
}

/**
 * Who is connected, and fan-out to them, across the cluster. This node's
 * connections are served at once, in call order (a notice and the reply
 * after it keep their order); the same notice goes over the bus to the other
 * nodes, which serve their own connections of that party.
 */
export class Hub {
  /** This hub's id on the bus: random, so two hubs in one process (tests) are two nodes. */
  readonly origin = randomUUID();
  readonly #reps = new Map<string, Set<Connection>>();
  readonly #customers = new Map<string, Set<Connection>>();
  readonly #changeListeners = new Set<(joined?: Connection) => void>();
  readonly #bus: Bus | undefined;
  readonly #presence: Presence | undefined;
  readonly #unsubscribe: (() => Promise<void>)[] = [];
  readonly #queueListeners = new Set<() => void>();
  #leaving = false;
  /** Notices encoded once: a chat line goes to the customer and the representative as the same bytes. */
  readonly #encoded = new WeakMap<ServerMessage, Buffer>();

  constructor(options: HubOptions = {}) {
    this.#bus = options.bus;
    this.#presence = options.presence;
  }

  /** Joins the cluster: listens for other nodes' notices and starts this node's presence heartbeat. */
  async start(): Promise<void> {
    const bus = this.#bus;
    if (bus) {
      this.#unsubscribe.push(
        await bus.subscribe(HUB_DELIVER_CHANNEL, (raw) => this.#parsed(HubDeliverySchema, HUB_DELIVER_CHANNEL, raw, (d) => this.#deliverHere(d))),
        await bus.subscribe(HUB_CLOSE_CHANNEL, (raw) => this.#parsed(HubCloseSchema, HUB_CLOSE_CHANNEL, raw, (c) => this.#closeHere(c))),
        await bus.subscribe(CLUSTER_CHANGED_CHANNEL, (raw) => this.#parsed(ClusterChangedSchema, CLUSTER_CHANGED_CHANNEL, raw, (c) => this.#changedElsewhere(c))),
      );
    }
    await this.#presence?.start(() => this.localParties());
  }

  /** Leaves the cluster (closing connections is `closeAll`). */
  async stop(): Promise<void> {
    for (const unsubscribe of this.#unsubscribe.splice(0)) await unsubscribe().catch(() => undefined);
    await this.#presence?.close();
  }

  /**
   * Called after a connection joins or leaves on any node (click-to-chat: who is signed in changes the wait);
   * with the connection when one joined here (it has been told nothing yet).
   */
  onChange(listener: (joined?: Connection) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** Called when another node says the queue changed (this node sends its own reps their queue). */
  onQueueChanged(listener: () => void): () => void {
    this.#queueListeners.add(listener);
    return () => this.#queueListeners.delete(listener);
  }

  /** Tells the other nodes the queue changed (this node has served its own reps already). */
  queueChanged(): void {
    this.#announce('queue');
  }

  /** The representatives with at least one live connection on any node. */
  async onlineRepIds(): Promise<string[]> {
    return this.#presence ? this.#presence.repIds() : [...this.#reps.keys()];
  }

  async repsOnline(): Promise<number> {
    return (await this.onlineRepIds()).length;
  }

  async customerOnline(sessionId: string): Promise<boolean> {
    if ((this.#customers.get(sessionId)?.size ?? 0) > 0) return true;
    return this.#presence ? this.#presence.customerOnline(sessionId) : false;
  }

  /** The representatives connected to this node. */
  localRepIds(): string[] {
    return [...this.#reps.keys()];
  }

  localParties(): LocalParties {
    return { repIds: [...this.#reps.keys()], sessionIds: [...this.#customers.keys()] };
  }

  add(conn: Connection): void {
    const [map, key] = this.#slot(conn);
    let set = map.get(key);
    if (!set) {
      map.set(key, (set = new Set()));
      this.#presenceChanged(conn.role, key, true);
    }
    set.add(conn);
    this.#fireChange(conn);
  }

  /** Removes a connection; returns how many connections of the same rep or session remain on this node. */
  remove(conn: Connection): number {
    const [map, key] = this.#slot(conn);
    const set = map.get(key);
    if (!set?.delete(conn)) return set?.size ?? 0;
    if (set.size === 0) {
      map.delete(key);
      this.#presenceChanged(conn.role, key, false);
    }
    this.#fireChange();
    return set.size;
  }

  /**
   * Removes the presence of nodes that stopped (some other node or this one);
   * answers the sessions whose customer presence this call removed, so the
   * caller can start their grace.
   */
  async sweepPresence(): Promise<string[]> {
    if (!this.#presence) return [];
    const { repIds, sessionIds } = await this.#presence.sweep();
    if (repIds.length > 0 || sessionIds.length > 0) this.#fireChange();
    if (repIds.length > 0) this.#announce('presence');
    return sessionIds;
  }

  toAllReps(message: ServerMessage): void {
    for (const set of this.#reps.values()) this.#deliver(set, message);
    this.#publish({ kind: 'reps' }, message);
  }

  toRep(repId: string, message: ServerMessage): void {
    this.toRepHere(repId, message);
    this.#publish({ kind: 'rep', repId }, message);
  }

  toCustomer(sessionId: string, message: ServerMessage): void {
    this.toCustomerHere(sessionId, message);
    this.#publish({ kind: 'customer', sessionId }, message);
  }

  /**
   * A session's customer and its representative (when it has one), on every node: the same notice as
   * `toCustomer` then `toRep`, with one encoding for every socket here and one bus message for the others.
   */
  toSession(sessionId: string, repId: string | null, message: ServerMessage): void {
    this.toCustomerHere(sessionId, message);
    if (repId) this.toRepHere(repId, message);
    this.#publish({ kind: 'session', sessionId, repId }, message);
  }

  /** This node's connections of the rep only (every node computes the same notice for its own). */
  toRepHere(repId: string, message: ServerMessage): void {
    const set = this.#reps.get(repId);
    if (set) this.#deliver(set, message);
  }

  /** This node's connections of the session's customer only. */
  toCustomerHere(sessionId: string, message: ServerMessage): void {
    const set = this.#customers.get(sessionId);
    if (set) this.#deliver(set, message);
  }

  /** Sends `message` to each connection, serialised once (whichever of the hub's sends reaches it first). */
  #deliver(connections: Iterable<Connection>, message: ServerMessage): void {
    for (const c of connections) {
      if (!c.sendEncoded) {
        c.send(message);
        continue;
      }
      let data = this.#encoded.get(message);
      if (!data) this.#encoded.set(message, (data = Buffer.from(JSON.stringify(message))));
      c.sendEncoded(data, message);
    }
  }

  /** Closes every connection opened with this token (sign-out), on every node. */
  closeToken(tokenHash: string, code: number, reason: string): void {
    const close: HubClose = { origin: this.origin, target: { kind: 'token', tokenHash }, code, reason };
    this.#closeHere(close);
    this.#send(HUB_CLOSE_CHANNEL, close);
  }

  /** Closes every connection of this representative (disabled, or their password was reset), on every node. */
  closeRep(repId: string, code: number, reason: string): void {
    const close: HubClose = { origin: this.origin, target: { kind: 'rep', repId }, code, reason };
    this.#closeHere(close);
    this.#send(HUB_CLOSE_CHANNEL, close);
  }

  /** Closes this node's connections (shutdown): their presence is left to expire, so some other node starts the customers' grace. */
  closeAll(code: number, reason: string): void {
    this.#leaving = true;
    for (const map of [this.#reps, this.#customers]) for (const set of map.values()) for (const c of [...set]) c.close(code, reason);
  }

  #slot(conn: Connection): [Map<string, Set<Connection>>, string] {
    return conn.role === 'rep' ? [this.#reps, conn.repId ?? ''] : [this.#customers, conn.sessionId ?? ''];
  }

  #fireChange(joined?: Connection): void {
    for (const listener of [...this.#changeListeners]) listener(joined);
  }

  /**
   * Records this node's change in the cluster's presence; a rep's is then announced (after the write, so the
   * other nodes read it): who is signed in changes every waiting customer's estimate, a customer's does not.
   */
  #presenceChanged(kind: 'rep' | 'customer', key: string, present: boolean): void {
    if (!this.#presence || this.#leaving) return;
    this.#presence
      .set(kind, key, present)
      .then(() => {
        if (kind === 'rep') this.#announce('presence');
      })
      .catch((err: unknown) => log.warn(`presence not recorded: ${String(err)}`));
  }

  #announce(what: ClusterChanged['what']): void {
    this.#send(CLUSTER_CHANGED_CHANNEL, { origin: this.origin, what } satisfies ClusterChanged);
  }

  #publish(to: HubDelivery['to'], message: ServerMessage): void {
    this.#send(HUB_DELIVER_CHANNEL, { origin: this.origin, to, message } satisfies HubDelivery);
  }

  #send(channel: string, message: unknown): void {
    this.#bus?.publish(channel, message).catch((err: unknown) => log.warn(`bus: ${channel} not published: ${String(err)}`));
  }

  #parsed<S extends z.ZodType<{ origin: string }>>(schema: S, channel: string, raw: unknown, then: (value: z.infer<S>) => void): void {
    // Our own messages come back too: skip them before paying for a parse.
    if (typeof raw === 'object' && raw !== null && (raw as { origin?: unknown }).origin === this.origin) return;
    const parsed = parseWith(schema, raw);
    if (!parsed.ok) return log.warn(`bus: dropped a malformed ${channel} message: ${parsed.error.message}`);
    if (parsed.value.origin !== this.origin) then(parsed.value);
  }

  #deliverHere({ to, message }: HubDelivery): void {
    if (to.kind === 'rep') this.toRepHere(to.repId, message);
    else if (to.kind === 'customer') this.toCustomerHere(to.sessionId, message);
    else if (to.kind === 'session') {
      this.toCustomerHere(to.sessionId, message);
      if (to.repId) this.toRepHere(to.repId, message);
    }
    else for (const set of this.#reps.values()) this.#deliver(set, message);
  }

  #closeHere({ target, code, reason }: HubClose): void {
    if (target.kind === 'rep') for (const c of [...(this.#reps.get(target.repId) ?? [])]) c.close(code, reason);
    else
      for (const map of [this.#reps, this.#customers])
        for (const set of map.values()) for (const c of [...set]) if (c.tokenHash === target.tokenHash) c.close(code, reason);
  }

  #changedElsewhere({ what }: ClusterChanged): void {
    if (what === 'presence') this.#fireChange();
    else for (const listener of [...this.#queueListeners]) listener();
  }
}
