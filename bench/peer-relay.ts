/**
 * PeerJS signalling through the server: an OFFER from the customer's peer
 * socket to the representative's and the ANSWER back (one round trip, each
 * frame checked against the session and carried by the relay), on one node
 * (SQLite in memory), one node on PostgreSQL, and two nodes sharing one
 * PostgreSQL database and one bus (customer on A, representative on B: each
 * frame crosses the bus), against a bare `peer` server (no checks) in the
 * same run. `BENCH_MESSAGES` round trips (1000) after a warm-up.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ExpressPeerServer } from 'peer';
import { WebSocket } from 'ws';
import { startServer } from '../server/src/app.ts';
import { ensureAdmin } from '../server/src/auth/admin.ts';
import { LocalBus } from '../server/src/cluster/bus.ts';
import { loadConfig } from '../server/src/config.ts';
import { PgStore } from '../server/src/store/pg.ts';
import { startPgCluster } from '../server/src/store/pg-testing.ts';
import { SqliteStore } from '../server/src/store/sqlite.ts';
import { ADMIN_PASSWORD, login } from '../server/src/testing.ts';
import { bothPeers } from '../server/src/peer/peer-testing.ts';
import { N, WARMUP, pct, row } from './chat-relay.ts';


/** Round trips OFFER -> ANSWER between two open peer sockets; milliseconds each. */
async function roundTrips(customer: WebSocket, customerId: string, rep: WebSocket, repId: string): Promise<number[]> {
  const times: number[] = [];
  rep.on('message', (data) => {
    const f = JSON.parse(data.toString()) as { type: string; payload?: { n?: number } };
    if (f.type === 'OFFER') rep.send(JSON.stringify({ type: 'ANSWER', dst: customerId, payload: { sdp: 'v=0', type: 'answer', n: f.payload?.n } }));
  });
  for (let i = 0; i < N + WARMUP; i++) {
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const onMessage = (data: Buffer) => {
        const f = JSON.parse(data.toString()) as { type: string; payload?: { n?: number } };
        if (f.type === 'ANSWER' && f.payload?.n === i) {
          customer.off('message', onMessage);
          resolve();
        }
      };
      customer.on('message', onMessage);
      customer.send(JSON.stringify({ type: 'OFFER', dst: repId, payload: { sdp: 'v=0 '.repeat(400), type: 'offer', n: i } }));
    });
    if (i >= WARMUP) times.push(performance.now() - started);
  }
  return times;
}

async function throughServers(customerBase: string, repBase: string): Promise<number[]> {
  const repToken = await login(repBase);
  const { customer, rep, customerCreds, repCreds } = await bothPeers(customerBase, repToken, 'Bench', repBase);
  return roundTrips(customer.ws, customerCreds.peerId, rep.ws, repCreds.peerId);
}

async function node(store: SqliteStore | PgStore, bus?: LocalBus) {
  await ensureAdmin(store, 'admin', ADMIN_PASSWORD);
  return startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', CUSTOMER_GRACE_MS: '600000', PEER_SIGNAL_BYTES_PER_MINUTE: String(1 << 30) }), store, bus ? { bus } : {});
}

async function barePeer(): Promise<number[]> {
  const app = express();
  const server = createServer(app);
  app.use('/peerjs', ExpressPeerServer(server, { path: '/', key: 'peerjs' }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const open = (id: string) =>
    new Promise<WebSocket>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/peerjs/peerjs?key=peerjs&id=${id}&token=t&version=1.5.5`);
      ws.once('message', () => resolve(ws));
    });
  const [customer, rep] = [await open('customer'), await open('rep')];
  return roundTrips(customer, 'customer', rep, 'rep');
}

const cluster = await startPgCluster({ durable: true });
try {
  const bare = await barePeer();
  const one = await node(new SqliteStore(':memory:'));
  const sqlite = await throughServers(one.url, one.url);
  const pgOne = await node(await PgStore.open(await cluster.freshDatabase()));
  const pg = await throughServers(pgOne.url, pgOne.url);
  const url = await cluster.freshDatabase();
  const bus = new LocalBus();
  const a = await node(await PgStore.open(url), bus);
  const b = await node(await PgStore.open(url), bus);
  const two = await throughServers(a.url, b.url);
  console.log(`PeerJS OFFER -> ANSWER round trip, ${N} times:`);
  console.log(row('bare peer server (baseline)', bare));
  console.log(row('one node, SQLite', sqlite));
  console.log(row('one node, PostgreSQL', pg));
  console.log(row('two nodes (bus), PostgreSQL', two));
  const ratio = (xs: number[]) => `p50 ${(pct(xs, 50) / pct(bare, 50)).toFixed(2)}x   p99 ${(pct(xs, 99) / pct(bare, 99)).toFixed(2)}x`;
  console.log(`ratio one node/bare: ${ratio(sqlite)}; two nodes/bare: ${ratio(two)}`);
  for (const srv of [one, pgOne, a, b]) await srv.close();
} finally {
  await cluster.stop();
}
process.exit(0);
