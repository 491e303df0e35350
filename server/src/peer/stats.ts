import type { PeerjsStats } from '@rs/protocol';
import { log } from '../observability/log.ts';

/** How often at most a node logs its PeerJS totals (only after something was dropped since the last line). */
const LOG_EVERY_MS = 60_000;

/**
 * This node's PeerJS counters, read in /healthz. A dropped frame was not
 * between the two current parties of one session (a stale representative, a
 * guessed peer id, another session's peer): a few are races at a handover,
 * a steady count is someone probing, which is what the log line is for.
 */
export class PeerStats {
  readonly #counts: PeerjsStats = { relayed: 0, dropped: 0, forwarded: 0, expired: 0 };
  readonly #dropReasons = new Map<string, number>();
  #logTimer: NodeJS.Timeout | null = null;
  readonly #nodeId: string;

  constructor(nodeId: string) {
    this.#nodeId = nodeId;
  }

  count(what: Exclude<keyof PeerjsStats, 'dropped'>): void {
    this.#counts[what]++;
  }

  drop(reason: string): void {
    this.#counts.dropped++;
    this.#dropReasons.set(reason, (this.#dropReasons.get(reason) ?? 0) + 1);
    this.#logTimer ??= setTimeout(() => {
      this.#logTimer = null;
      const why = [...this.#dropReasons].map(([r, n]) => `${n} ${r}`).join(', ');
      const c = this.#counts;
      log.warn(`PeerJS node ${this.#nodeId}: ${c.dropped} frames dropped since start (${why}); ${c.relayed} relayed, ${c.forwarded} forwarded to other nodes, ${c.expired} expired`);
    }, LOG_EVERY_MS).unref();
  }

  snapshot(): PeerjsStats {
    return { ...this.#counts };
  }

  close(): void {
    if (this.#logTimer) clearTimeout(this.#logTimer);
  }
}
