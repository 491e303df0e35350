/**
 * What the `peer` server holds for peers that are not connected. It queues a
 * frame for an absent `dst` (any id at all) until that peer connects or the
 * frame expires, about six seconds later; without a bound one anonymous
 * customer fills the process with them (measured: RSS 123 -> 968 MB in 8 s).
 * Each sending peer id gets `bytes` per window, refilled evenly over it,
 * so what the queues hold stays under about two windows' worth per peer id.
 * Keyed by peer id, not socket, so reconnecting does not refill it.
 */
export const ABSENT_WINDOW_MS = 10_000;

export class AbsentPeerBudget {
  readonly #left = new Map<string, { bytes: number; at: number }>();
  readonly #sweep: NodeJS.Timeout;
  readonly bytes: number;

  constructor(bytes: number) {
    this.bytes = bytes;
    // A full bucket is the default, so an entry left untouched for a window is dropped.
    this.#sweep = setInterval(() => {
      const stale = Date.now() - ABSENT_WINDOW_MS;
      for (const [id, entry] of this.#left) if (entry.at < stale) this.#left.delete(id);
    }, ABSENT_WINDOW_MS).unref();
  }

  /** Spends `size` bytes of `peerId`'s budget; false once it would go below zero (nothing is spent then). */
  take(peerId: string, size: number, now = Date.now()): boolean {
    const entry = this.#left.get(peerId) ?? { bytes: this.bytes, at: now };
    const refilled = Math.min(this.bytes, entry.bytes + ((now - entry.at) * this.bytes) / ABSENT_WINDOW_MS);
    if (refilled < size) return false;
    this.#left.set(peerId, { bytes: refilled - size, at: now });
    return true;
  }

  close(): void {
    clearInterval(this.#sweep);
  }
}

/** Which peer ids have an open PeerJS socket on this server (a count each: a side may hold two). */
export class PeerPresence {
  readonly #open = new Map<string, number>();

  add(peerId: string): void {
    this.#open.set(peerId, (this.#open.get(peerId) ?? 0) + 1);
  }

  remove(peerId: string): void {
    const left = (this.#open.get(peerId) ?? 1) - 1;
    if (left <= 0) this.#open.delete(peerId);
    else this.#open.set(peerId, left);
  }

  has(peerId: string): boolean {
    return this.#open.has(peerId);
  }
}
