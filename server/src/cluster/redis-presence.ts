import type { Redis } from 'ioredis';
import type { LocalParties, Presence } from './presence.ts';
import { log } from '../observability/log.ts';

/** Sorted sets scored by expiry time (ms): live nodes, `node|repId` and `node|sessionId` entries. */
const NODES = 'rs:presence:nodes';
const REPS = 'rs:presence:reps';
const CUSTOMERS = 'rs:presence:customers';

const keyOf = (member: string) => member.slice(member.indexOf('|') + 1);

/**
 * Cluster presence in Redis. Every entry carries an expiry a TTL ahead; a
 * heartbeat (a third of the TTL) pushes this node's entries forward, so those
 * of a node that died stop counting within the TTL, and a sweep removes them
 * (ZREM answers 1 to one caller only, so one node acts on each). Expiry times
 * come from the nodes' clocks, which are assumed to agree within well under
 * a TTL (NTP).
 */
export class RedisPresence implements Presence {
  readonly #redis: Redis;
  readonly #nodeId: string;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | null = null;
  #local: () => LocalParties = () => ({ repIds: [], sessionIds: [] });

  constructor(redis: Redis, options: { nodeId: string; ttlMs: number; now?: () => number }) {
    this.#redis = redis;
    this.#nodeId = options.nodeId;
    this.#ttlMs = options.ttlMs;
    this.#now = options.now ?? Date.now;
  }

  async start(local: () => LocalParties): Promise<void> {
    this.#local = local;
    await this.#beat();
    this.#timer = setInterval(() => void this.#beat().catch((err: unknown) => log.warn(`presence heartbeat failed: ${String(err)}`)), Math.max(100, Math.floor(this.#ttlMs / 3)));
    this.#timer.unref();
  }

  async set(kind: 'rep' | 'customer', key: string, present: boolean): Promise<void> {
    const set = kind === 'rep' ? REPS : CUSTOMERS;
    const member = `${this.#nodeId}|${key}`;
    if (present) await this.#redis.zadd(set, this.#expiry(), member);
    else await this.#redis.zrem(set, member);
  }

  async repIds(): Promise<string[]> {
    const members = await this.#redis.zrangebyscore(REPS, this.#now(), '+inf');
    return [...new Set(members.map(keyOf))];
  }

  async customerOnline(sessionId: string): Promise<boolean> {
    const now = this.#now();
    const nodes = await this.#redis.zrangebyscore(NODES, now, '+inf');
    if (nodes.length === 0) return false;
    const scores = await this.#redis.zmscore(CUSTOMERS, ...nodes.map((n) => `${n}|${sessionId}`));
    return scores.some((s) => s !== null && Number(s) >= now);
  }

  async sweep(): Promise<{ repIds: string[]; sessionIds: string[] }> {
    const now = this.#now();
    await this.#redis.zremrangebyscore(NODES, '-inf', now - 1);
    return { repIds: await this.#expired(REPS, now), sessionIds: await this.#expired(CUSTOMERS, now) };
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    // This node's reps are gone at once. Its customers' entries are left to expire: a sweep then hands them to a
    // node that starts their grace, as for a killed node (unless they came back through another node meanwhile).
    const { repIds } = this.#local();
    const pipeline = this.#redis.pipeline().zrem(NODES, this.#nodeId);
    if (repIds.length) pipeline.zrem(REPS, ...repIds.map((r) => `${this.#nodeId}|${r}`));
    await pipeline.exec().catch(() => undefined);
  }

  /** The keys of entries in `set` that expired and that this call removed (another sweeper gets the rest). */
  async #expired(set: string, now: number): Promise<string[]> {
    const stale = await this.#redis.zrangebyscore(set, '-inf', now - 1, 'LIMIT', 0, 500);
    if (stale.length === 0) return [];
    const pipeline = this.#redis.pipeline();
    for (const member of stale) pipeline.zrem(set, member);
    const results = (await pipeline.exec()) ?? [];
    return stale.filter((_, i) => results[i]?.[1] === 1).map(keyOf);
  }

  #expiry(): number {
    return this.#now() + this.#ttlMs;
  }

  async #beat(): Promise<void> {
    const expiry = this.#expiry();
    const { repIds, sessionIds } = this.#local();
    const pipeline = this.#redis.pipeline().zadd(NODES, expiry, this.#nodeId);
    for (const r of repIds) pipeline.zadd(REPS, expiry, `${this.#nodeId}|${r}`);
    for (const s of sessionIds) pipeline.zadd(CUSTOMERS, expiry, `${this.#nodeId}|${s}`);
    await pipeline.exec();
  }
}
