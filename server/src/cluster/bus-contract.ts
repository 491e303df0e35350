import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bus } from './bus.ts';

/** Nodes joined by one bus implementation; `injectRaw` puts bytes on the wire as a stranger would (absent: no wire). */
export interface BusCluster {
  nodes: Bus[];
  injectRaw?: (channel: string, raw: string) => Promise<void>;
  close(): Promise<void>;
}

/** Polls until `check` holds (the bus is asynchronous across nodes); fails after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}

type Got = { message: unknown; from: string }[];

/** The same expectations for every Bus: run by bus.test.ts on LocalBus and on RedisBus. */
/** `wire`: the implementation carries bytes between processes (a stranger can put malformed ones there). */
export function busContract(name: string, make: () => Promise<BusCluster>, { wire }: { wire: boolean }): void {
  describe(`${name}: bus contract`, () => {
    let cluster: BusCluster;
    beforeEach(async () => {
      cluster = await make();
    });
    afterEach(async () => {
      await cluster.close();
    });

    async function listen(bus: Bus, channel: string): Promise<Got & { stop: () => Promise<void> }> {
      const got: Got = [];
      const stop = await bus.subscribe(channel, (message, from) => void got.push({ message, from }));
      return Object.assign(got, { stop });
    }

    it('delivers to every subscriber on every node, the publisher\'s included, with the publisher\'s id', async () => {
      const listeners: Got[] = [];
      for (const node of cluster.nodes) listeners.push(await listen(node, 'c'), await listen(node, 'c'));
      const other = await listen(cluster.nodes[0]!, 'other');
      const publisher = cluster.nodes.at(-1)!;
      await publisher.publish('c', { n: 1, text: 'héllo' });
      await eventually(() => listeners.every((l) => l.length === 1));
      for (const l of listeners) expect(l[0]).toEqual({ message: { n: 1, text: 'héllo' }, from: publisher.nodeId });
      expect([...other]).toEqual([]);
    });

    it('keeps one publisher\'s order', async () => {
      const listeners = await Promise.all(cluster.nodes.map((n) => listen(n, 'ordered')));
      const sent = Array.from({ length: 300 }, (_, i) => i);
      await Promise.all(sent.map((i) => cluster.nodes[0]!.publish('ordered', i)));
      await eventually(() => listeners.every((l) => l.length === sent.length));
      for (const l of listeners) expect(l.map((g) => g.message)).toEqual(sent);
    });

    it('stops delivering to a handler that unsubscribed, and to no one else', async () => {
      const gone = await listen(cluster.nodes[0]!, 'u');
      const stays = await listen(cluster.nodes[0]!, 'u');
      const elsewhere = await listen(cluster.nodes.at(-1)!, 'u');
      await gone.stop();
      await cluster.nodes[0]!.publish('u', 'after');
      await eventually(() => stays.length === 1 && elsewhere.length === 1);
      expect([...gone]).toEqual([]);
    });

    it('a throwing handler does not keep the message from the others', async () => {
      await cluster.nodes[0]!.subscribe('t', () => {
        throw new Error('handler bug');
      });
      const after = await listen(cluster.nodes[0]!, 't');
      await cluster.nodes.at(-1)!.publish('t', 'x');
      await cluster.nodes.at(-1)!.publish('t', 'y');
      await eventually(() => after.length === 2);
    });

    // Only a bus with a wire can be sent malformed bytes (LocalBus hands over values); the test is not even listed for the others.
    if (wire) it('drops what is malformed on the wire and goes on delivering', async () => {
      if (!cluster.injectRaw) throw new Error('a bus with a wire must let the test inject raw bytes');
      const got = await listen(cluster.nodes[0]!, 'm');
      for (const raw of ['not json', '{"message":1}', '[]', 'null', '{"from":7,"message":1}', '\u0000\uffff'.repeat(1000)]) await cluster.injectRaw('m', raw);
      await cluster.nodes.at(-1)!.publish('m', 'fine');
      await eventually(() => got.length === 1);
      expect(got[0]!.message).toBe('fine');
    });
  });
}
