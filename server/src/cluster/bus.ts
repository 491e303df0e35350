import { log } from '../observability/log.ts';
/**
 * Fan-out between server nodes. Every node subscribes to the channels it
 * serves; a publish reaches every subscriber of the channel on every node,
 * this one included, in publish order per publisher. The embedded default is
 * `LocalBus` (one process); with REDIS_URL it is Redis pub/sub
 * (`cluster/redis-bus.ts`), so `npm start` needs nothing new.
 *
 * Messages are JSON values. What arrives from another node is parsed again
 * by the subscriber (a schema, as for any input), never trusted as typed.
 */
export type BusHandler = (message: unknown, from: string) => void;

export interface Bus {
  /** This process's id in the cluster: random per start, so a restarted node is a new one. */
  readonly nodeId: string;
  /** Delivers `message` to every subscriber of `channel` on every node, this one included. */
  publish(channel: string, message: unknown): Promise<void>;
  /** Starts delivering `channel` to `handler`; resolves once subscribed; the function it returns unsubscribes. */
  subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** One process: a publish is delivered synchronously to this process's subscribers. */
export class LocalBus implements Bus {
  readonly nodeId: string;
  readonly #handlers = new Map<string, Set<BusHandler>>();

  constructor(nodeId = 'local') {
    this.nodeId = nodeId;
  }

  async publish(channel: string, message: unknown): Promise<void> {
    // A JSON round trip, as Redis would do: a subscriber never shares an object with the publisher.
    const handlers = this.#handlers.get(channel);
    if (handlers) deliverAll(handlers, channel, JSON.parse(JSON.stringify(message)), this.nodeId);
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    let set = this.#handlers.get(channel);
    if (!set) this.#handlers.set(channel, (set = new Set()));
    set.add(handler);
    return async () => {
      set.delete(handler);
      if (set.size === 0 && this.#handlers.get(channel) === set) this.#handlers.delete(channel);
    };
  }

  async close(): Promise<void> {
    this.#handlers.clear();
  }
}

/** Hands `message` to every handler; one that throws is logged and the others still get it. */
export function deliverAll(handlers: Iterable<BusHandler>, channel: string, message: unknown, from: string): void {
  for (const handler of [...handlers]) {
    try {
      handler(message, from);
    } catch (err) {
      log.error({ err }, `bus: a ${channel} handler failed`);
    }
  }
}
