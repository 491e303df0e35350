import type { ServerMessage } from '@rs/protocol';

/** One authenticated live connection, as the rest of the server sees it. */
export interface Connection {
  readonly role: 'rep' | 'customer';
  /** Set for reps. */
  readonly repId: string | null;
  /** Set for customers: the one session their token belongs to. */
  readonly sessionId: string | null;
  readonly tokenHash: string;
  send(message: ServerMessage): void;
  close(code: number, reason: string): void;
}

/** Who is connected right now, and fan-out to them. In memory: one node's view. */
export class Hub {
  readonly #reps = new Map<string, Set<Connection>>();
  readonly #customers = new Map<string, Set<Connection>>();
  readonly #changeListeners = new Set<() => void>();

  /** Called after a connection joins or leaves (click-to-chat: who is signed in changes the wait). */
  onChange(listener: () => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** The representatives with at least one live connection. */
  onlineRepIds(): string[] {
    return [...this.#reps.keys()];
  }

  add(conn: Connection): void {
    const [map, key] = this.#slot(conn);
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(conn);
    for (const listener of this.#changeListeners) listener();
  }

  /** Removes a connection; returns how many connections of the same rep or session remain. */
  remove(conn: Connection): number {
    const [map, key] = this.#slot(conn);
    const set = map.get(key);
    if (!set) return 0;
    set.delete(conn);
    if (set.size === 0) map.delete(key);
    for (const listener of this.#changeListeners) listener();
    return set.size;
  }

  customerOnline(sessionId: string): boolean {
    return (this.#customers.get(sessionId)?.size ?? 0) > 0;
  }

  repsOnline(): number {
    return this.#reps.size;
  }

  toAllReps(message: ServerMessage): void {
    for (const set of this.#reps.values()) for (const c of set) c.send(message);
  }

  toRep(repId: string, message: ServerMessage): void {
    for (const c of this.#reps.get(repId) ?? []) c.send(message);
  }

  toCustomer(sessionId: string, message: ServerMessage): void {
    for (const c of this.#customers.get(sessionId) ?? []) c.send(message);
  }

  /** Closes every connection opened with this token (sign-out). */
  closeToken(tokenHash: string, code: number, reason: string): void {
    for (const map of [this.#reps, this.#customers])
      for (const set of map.values()) for (const c of [...set]) if (c.tokenHash === tokenHash) c.close(code, reason);
  }

  /** Closes every connection of this representative (disabled, or their password was reset). */
  closeRep(repId: string, code: number, reason: string): void {
    for (const c of [...(this.#reps.get(repId) ?? [])]) c.close(code, reason);
  }

  closeAll(code: number, reason: string): void {
    for (const map of [this.#reps, this.#customers]) for (const set of map.values()) for (const c of [...set]) c.close(code, reason);
  }

  #slot(conn: Connection): [Map<string, Set<Connection>>, string] {
    return conn.role === 'rep' ? [this.#reps, conn.repId ?? ''] : [this.#customers, conn.sessionId ?? ''];
  }
}
