/**
 * Chat latency customer -> representative across two nodes (customer's live
 * socket on node a, representative's on node b: persisted in PostgreSQL, then
 * fanned out through Redis) against one node (both sockets on node a of the
 * same cluster: same PostgreSQL, fsync on, and Redis), in alternating rounds of one run.
 *
 *   node bench/cluster-latency.ts
 *   BENCH_MESSAGES (500) lines per round, BENCH_ROUNDS (3) rounds of each
 */
import { login } from '../server/src/testing.ts';
import { startCluster, type ClusterNode } from '../e2e/src/harness/cluster.ts';
import { ADMIN_PASSWORD } from '../e2e/src/harness/server.ts';
import { BENCH_NODE_ENV, pct } from './cluster-clients.ts';
import { relayLines } from './chat-relay.ts';

const N = Number(process.env.BENCH_MESSAGES ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = 20;

/** Times N lines from a customer on `customerNode` to a representative on `repNode`; null when a line does not arrive. */
async function relay(customerNode: ClusterNode, repNode: ClusterNode): Promise<number[] | null> {
  const repToken = await login(repNode.url, 'admin', ADMIN_PASSWORD);
  return relayLines(customerNode.url, repNode.url, repToken, { count: N, warmup: WARMUP, timeoutMs: 5000 }).catch(() => null);
}

const cluster = await startCluster({ nodes: 2, env: BENCH_NODE_ENV, durable: true });
const [a, b] = cluster.nodes as [ClusterNode, ClusterNode];
const one: number[] = [];
const two: number[] = [];
let crossMissing = false;
try {
  for (let r = 0; r < ROUNDS; r++) {
    one.push(...((await relay(a, a)) ?? []));
    const crossed = await relay(a, b);
    if (crossed) two.push(...crossed);
    else crossMissing = true;
  }
} finally {
  await cluster.close();
}

const line = (name: string, xs: number[]) =>
  xs.length ? `${name.padEnd(30)} p50 ${pct(xs, 50).toFixed(3)} ms   p99 ${pct(xs, 99).toFixed(3)} ms   (${xs.length} lines)` : `${name.padEnd(30)} no line arrived`;
console.log(`Chat customer -> representative, PostgreSQL (fsync on) + Redis, ${ROUNDS} alternating rounds of ${N}`);
console.log(line('one node (a -> a)', one));
console.log(line('two nodes (a -> b)', two));
if (one.length && two.length) console.log(`ratio two nodes / one node: p50 ${(pct(two, 50) / pct(one, 50)).toFixed(2)}, p99 ${(pct(two, 99) / pct(one, 99)).toFixed(2)}`);
if (crossMissing) console.log('A line sent on node a never reached the representative on node b: this build has no cross-node fan-out (REDIS_URL).');
