/**
 * Capacity with the same client mix on one node and on two nodes sharing one
 * PostgreSQL and one Redis, and a bare `peer` server in the same run: how
 * many customers stay connected (live socket + PeerJS socket each, as the
 * real client opens them), server RSS per idle customer, and the connect rate
 * with BENCH_CLIENTS already connected. Figures, not assertions.
 *
 *   node bench/cluster-capacity.ts          (npm run bench:cluster runs it with the other cluster benchmarks)
 *   BENCH_CLIENTS (1000)  customers connected before the rate is measured
 *   BENCH_MORE (100)      customers connected after that, timed
 *   BENCH_CONCURRENCY (8) customers connecting at once
 *   BENCH_MINUTES (5)     at most this long filling each setup; the figures say how many were reached
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import { startCluster, type Cluster } from '../e2e/src/harness/cluster.ts';
import { BENCH_NODE_ENV, connectCustomer, heartbeats, openPeer, pool, rssKb, startBarePeer, type Customer } from './cluster-clients.ts';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const MORE = Number(process.env.BENCH_MORE ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const MINUTES = Number(process.env.BENCH_MINUTES ?? 5);
const WARM = Math.min(20, CLIENTS);

interface Figures {
  name: string;
  reached: number;
  held: number;
  kbPerClient: number;
  fillPerSecond: number;
  ratePerSecond: number;
  rssMb: number;
}

/** Fills one setup: WARM clients, RSS, the rest up to CLIENTS (or the time bound), RSS, then MORE timed. */
async function fill(name: string, pids: () => (number | undefined)[], connect: (i: number) => Promise<WebSocket[]>): Promise<Figures> {
  const sockets: WebSocket[] = [];
  const stopBeats = heartbeats(() => sockets);
  const deadline = Date.now() + MINUTES * 60_000;
  const rss = () => pids().reduce<number>((sum, pid) => sum + rssKb(pid), 0);
  let failed = 0;
  const one = async (i: number) => {
    if (Date.now() > deadline) return;
    try {
      sockets.push(...(await connect(i)));
    } catch (err) {
      if (failed++ < 3) console.warn(`${name}: customer ${i} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  try {
    await pool(0, WARM, CONCURRENCY, one);
    const rssWarm = rss();
    const t0 = performance.now();
    await pool(WARM, CLIENTS, CONCURRENCY, one);
    const fillSeconds = (performance.now() - t0) / 1000;
    const reached = sockets.length;
    const rssFull = rss();
    const perSocket = name === 'bare peer' ? 1 : 2;
    const t1 = performance.now();
    const before = sockets.length;
    await pool(CLIENTS, CLIENTS + MORE, CONCURRENCY, one);
    const rateSeconds = (performance.now() - t1) / 1000;
    const added = (sockets.length - before) / perSocket;
    const held = sockets.filter((ws) => ws.readyState === ws.OPEN).length / perSocket;
    return {
      name,
      reached: reached / perSocket,
      held,
      kbPerClient: (rssFull - rssWarm) / Math.max(1, reached / perSocket - WARM),
      fillPerSecond: (reached / perSocket - WARM) / fillSeconds,
      ratePerSecond: added / rateSeconds,
      rssMb: rss() / 1024,
    };
  } finally {
    stopBeats();
    for (const ws of sockets) ws.terminate();
  }
}

async function nodes(count: number): Promise<Figures> {
  const cluster: Cluster = await startCluster({ nodes: count, env: BENCH_NODE_ENV, durable: true });
  try {
    const customers: Customer[] = [];
    return await fill(
      count === 1 ? 'one node' : `${count} nodes`,
      () => cluster.nodes.map((n) => n.pid()),
      async (i) => {
        // Round robin over the nodes, as the balancer would spread them.
        const c = await connectCustomer(cluster.nodes[i % count]!.url, `Bench ${i}`);
        customers.push(c);
        return [c.live, c.peer];
      },
    );
  } finally {
    await cluster.close();
  }
}

async function barePeer(): Promise<Figures> {
  const peer = await startBarePeer();
  try {
    return await fill('bare peer', () => [peer.pid], async () => {
      const id = randomBytes(12).toString('hex');
      return [await openPeer(`${peer.url}?key=peerjs&id=${id}&token=${randomBytes(8).toString('hex')}&version=1.5.5`, undefined)];
    });
  } finally {
    await peer.stop();
  }
}

const results: Figures[] = [];
for (const run of [() => nodes(1), () => nodes(2), barePeer]) {
  const r = await run();
  results.push(r);
  console.log(`${r.name}: ${r.reached} connected, ${r.held} open at the end (after ${MORE} more)`);
}

const [one, two, bare] = results as [Figures, Figures, Figures];
const row = (r: Figures) =>
  `${r.name.padEnd(10)} ${String(r.reached).padStart(7)} ${String(r.held).padStart(7)} ${r.kbPerClient.toFixed(1).padStart(12)} ${r.fillPerSecond.toFixed(1).padStart(10)} ${r.ratePerSecond.toFixed(1).padStart(16)} ${r.rssMb.toFixed(0).padStart(9)}`;
console.log(`\nCapacity, ${CLIENTS} customers (+${MORE} timed), ${CONCURRENCY} connecting at once; a customer = live socket + PeerJS socket, bare peer = one PeerJS socket`);
console.log(`${'setup'.padEnd(10)} ${'reached'.padStart(7)} ${'open'.padStart(7)} ${'KB RSS/client'.padStart(12)} ${'fill /s'.padStart(10)} ${`rate /s @${CLIENTS}`.padStart(16)} ${'RSS MB'.padStart(9)}`);
for (const r of results) console.log(row(r));
console.log(`\nratios: two nodes / one node: RSS per client ${(two.kbPerClient / one.kbPerClient).toFixed(2)}, connect rate ${(two.ratePerSecond / one.ratePerSecond).toFixed(2)}`);
console.log(`        one node / bare peer: RSS per client ${(one.kbPerClient / bare.kbPerClient).toPrecision(3)}, connect rate ${(one.ratePerSecond / bare.ratePerSecond).toPrecision(2)}`);
console.log('(server processes only: PostgreSQL and Redis are not counted in RSS)');
