/**
 * Bytes of PeerJS frames a peer id may send per window, refilled evenly over
 * it; keyed by peer id, not socket, so reconnecting does not refill it. Two
 * are kept (see mount.ts): one for every relayed frame, and a stricter one for
 * frames to a `dst` with no known socket, which the relay holds until that
 * peer connects or the frame expires (router.ts, five seconds, as the `peer`
 * server did); without it one anonymous customer filled the process with them
 * (RSS 123 -> 968 MB in 8 s).
 */
export class PeerBudget {
  readonly #left = new Map<string, { bytes: number; at: number }>();
  readonly #sweep: NodeJS.Timeout;
  readonly bytes: number;
  readonly windowMs: number;

  constructor(bytes: number, windowMs: number) {
    this.bytes = bytes;
    this.windowMs = windowMs;
    // A full bucket is the default, so an entry left untouched for a window is dropped.
    this.#sweep = setInterval(() => {
      const stale = Date.now() - windowMs;
      for (const [id, entry] of this.#left) if (entry.at < stale) this.#left.delete(id);
    }, windowMs).unref();
  }

  /** Spends `size` bytes of `peerId`'s budget; false once it would go below zero (nothing is spent then). */
  take(peerId: string, size: number, now = Date.now()): boolean {
    const entry = this.#left.get(peerId) ?? { bytes: this.bytes, at: now };
    const refilled = Math.min(this.bytes, entry.bytes + ((now - entry.at) * this.bytes) / this.windowMs);
    if (refilled < size) return false;
    this.#left.set(peerId, { bytes: refilled - size, at: now });
    return true;
  }

  close(): void {
    clearInterval(this.#sweep);
  }
}
