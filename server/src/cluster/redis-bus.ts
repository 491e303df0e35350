import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { deliverAll, type Bus, type BusHandler } from './bus.ts';
import { redisClient } from './redis-client.ts';
import { log } from '../observability/log.ts';

/** Every bus channel is this prefix plus the channel name, so one Redis can serve other things too. */
const PREFIX = 'rs:bus:';

/**
 * The bus over Redis pub/sub: one connection publishes (so one node's
 * messages keep their order), one subscribes (a subscribed connection can do
 * nothing else). ioredis reconnects and re-subscribes on its own; what is
 * published while Redis is away is lost, as pub/sub always is, so what must
 * survive lives in the store. Each message travels as `{from, message}` JSON;
 * anything else on the wire is dropped with a warning.
 */
export class RedisBus implements Bus {
  readonly nodeId: string;
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #handlers = new Map<string, Set<BusHandler>>();
  #closed = false;

  constructor(url: string, nodeId: string = randomUUID()) {
    this.nodeId = nodeId;
    this.#pub = redisClient(url, 'bus-pub');
    this.#sub = redisClient(url, 'bus-sub');
    this.#sub.on('message', (key: string, raw: string) => this.#deliver(key, raw));
  }

  async publish(channel: string, message: unknown): Promise<void> {
    if (this.#closed) return;
    await this.#pub.publish(PREFIX + channel, JSON.stringify({ from: this.nodeId, message }));
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    let set = this.#handlers.get(channel);
    if (!set) {
      this.#handlers.set(channel, (set = new Set()));
      await this.#sub.subscribe(PREFIX + channel);
    }
    set.add(handler);
    return async () => {
      set.delete(handler);
      if (set.size > 0 || this.#handlers.get(channel) !== set) return;
      this.#handlers.delete(channel);
      // Only on a live connection: ioredis rejects an UNSUBSCRIBE it could not send a second time, unhandled, inside
      // itself. A channel left subscribed delivers to no handler (dropped in #deliver) until the next one.
      if (!this.#closed && this.#sub.status === 'ready') await this.#sub.unsubscribe(PREFIX + channel);
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers.clear();
    await Promise.allSettled([this.#pub.quit(), this.#sub.quit()]);
  }

  #deliver(key: string, raw: string): void {
    if (!key.startsWith(PREFIX)) return;
    const channel = key.slice(PREFIX.length);
    const handlers = this.#handlers.get(channel);
    if (!handlers) return;
    let envelope: unknown;
    try {
      envelope = JSON.parse(raw);
    } catch {
      return log.warn(`bus: dropped a message on ${channel} that is not JSON`);
    }
    if (typeof envelope !== 'object' || envelope === null || typeof (envelope as { from?: unknown }).from !== 'string' || !('message' in envelope))
      return log.warn(`bus: dropped a message on ${channel} without a sender`);
    const { from, message } = envelope as { from: string; message: unknown };
    deliverAll(handlers, channel, message, from);
  }
}
