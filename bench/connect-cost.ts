/**
 * What one more customer costs the server with many already there, and what
 * the queue sends while customers join. The server is its own process
 * (`node server/src/main.ts`, SQLite on a file); customers connect from
 * client processes the way the extension does (start a chat, live socket +
 * hello, peer credentials, PeerJS socket with heartbeats) and a representative
 * accepts each session, so those already connected are in sessions already
 * accepted. Baseline in the same run: a bare `peer` server.
 *
 *   node bench/connect-cost.ts            (bench/all.sh runs it; about 120 s by default, at most 200: BENCH_DEADLINE_S)
 *   Full sizes (about 4 minutes): BENCH_SECONDS=90 BENCH_BARE=4000 BENCH_QUEUE_JOINS=2000 BENCH_DEADLINE_S=600
 *   BENCH_LEVELS (100,2500,10000)  customers already connected when the next ones are timed
 *   BENCH_MEASURE (200)            customers timed at each level
 *   BENCH_CONCURRENCY (8)          customers connecting at once while timed
 *   BENCH_SECONDS (40)             at most this long filling to the levels; the figures say how far it got
 *   BENCH_BARE (2000)              connections to the bare `peer` server (its own limit is 5,000)
 *   BENCH_QUEUE_JOINS (1000)       customers joining one by one for the queue row
 *   BENCH_PROFILE=dir              the first server writes its --cpu-prof there (stopped with SIGTERM)
 *   BENCH_HEAP=dir                 the first server writes a heap snapshot there after each level (diff two
 *                                  to see what a connected customer keeps: where RSS per customer goes)
 *
 * Figures, not assertions.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX, PROTOCOL_VERSION, type CreateSessionResponse } from '@rs/protocol';
import { ADMIN_PASSWORD, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login } from '../server/src/testing.ts';
import { startServerChild, type ServerChild } from '../server/src/testing-process.ts';
import { BENCH_NODE_ENV, frame, heartbeats, openLive, pool, rssKb, startBarePeer } from './cluster-clients.ts';
import { ratio, tableRow } from './table.ts';
import { benchDeadline } from './deadline.ts';

const SELF = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------- client process

type ToClient =
  | { cmd: 'customers'; base: string; from: number; to: number; concurrency: number }
  | { cmd: 'bare'; url: string; from: number; to: number; concurrency: number }
  | { cmd: 'close' };
type FromClient =
  | { type: 'connected'; sessionId: string }
  | { type: 'done'; ok: number; failed: number; refused: string | null; firstError: string | null; open: number };

/** A PeerJS socket resolved at OPEN; rejected with the server's own words when it answers ERROR (the peers limit). */
async function openPeerSocket(url: string, origin: string | undefined): Promise<WebSocket> {
  const ws = new WebSocket(url, origin ? { origin } : {});
  ws.on('error', () => undefined);
  const first = await frame(ws, (m) => m.type === 'OPEN' || m.type === 'ERROR', 'PeerJS OPEN', 30_000);
  if (first.type === 'ERROR') {
    ws.terminate();
    throw new PeerRefused(String((first.payload as { msg?: unknown } | undefined)?.msg ?? 'ERROR'));
  }
  return ws;
}

class PeerRefused extends Error {}

async function clientProcess(): Promise<void> {
  const sockets: WebSocket[] = [];
  const stopBeats = heartbeats(() => sockets);
  const send = (m: FromClient) => process.send?.(m);
  process.on('message', (m: ToClient) => {
    if (m.cmd === 'close') {
      stopBeats();
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
    let ok = 0;
    let failed = 0;
    let refused: string | null = null;
    let firstError: string | null = null;
    const one = async (i: number) => {
      try {
        if (m.cmd === 'bare') {
          const id = randomBytes(12).toString('hex');
          sockets.push(await openPeerSocket(`${m.url}?key=peerjs&id=${id}&token=${randomBytes(8).toString('hex')}&version=1.5.5`, undefined));
        } else {
          const res = await fetch(`${m.base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerName: `Bench ${i}` }) });
          if (res.status !== 201) throw new Error(`POST /api/sessions: ${res.status}`);
          const { session, customerToken } = (await res.json()) as CreateSessionResponse;
          sockets.push(await openLive(m.base, customerToken));
          const cred = (await (await fetch(`${m.base}/api/sessions/${session.id}/peer`, { headers: { authorization: `Bearer ${customerToken}` } })).json()) as { peerId: string; peerToken: string };
          sockets.push(await openPeerSocket(`${m.base.replace(/^http/, 'ws')}/peerjs/peerjs?key=peerjs&id=${cred.peerId}&token=${cred.peerToken}&version=1.5.5`, CUSTOMER_ORIGIN));
          send({ type: 'connected', sessionId: session.id });
        }
        ok++;
      } catch (err) {
        failed++;
        if (err instanceof PeerRefused) refused ??= err.message;
        else firstError ??= err instanceof Error ? err.message : String(err);
      }
    };
    void pool(m.from, m.to, m.concurrency, one).then(() => send({ type: 'done', ok, failed, refused, firstError, open: sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length }));
  });
  send({ type: 'done', ok: 0, failed: 0, refused: null, firstError: null, open: 0 });
}


// ---------------------------------------------------------------- orchestrator

interface Client {
  child: ChildProcess;
  run(m: Exclude<ToClient, { cmd: 'close' }>): Promise<Extract<FromClient, { type: 'done' }>>;
}

async function startClient(onConnected: (sessionId: string) => void): Promise<Client> {
  const child = fork(SELF, ['client'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  let waiting: ((d: Extract<FromClient, { type: 'done' }>) => void) | null = null;
  const ready = new Promise<void>((resolve) => {
    waiting = () => resolve();
  });
  child.on('message', (m: FromClient) => {
    if (m.type === 'connected') onConnected(m.sessionId);
    else waiting?.(m);
  });
  await ready;
  return {
    child,
    run(m) {
      return new Promise((resolve) => {
        waiting = resolve;
        child.send(m);
      });
    },
  };
}

/** User + system CPU of a process in ms (Linux /proc; 10 ms ticks). */
function cpuMs(pid: number | undefined): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function openFilesLimit(pid: number | undefined): number {
  const m = /Max open files\s+(\d+)/.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  return Number(m?.[1] ?? 1024);
}

/** The representative's live socket: counts the bytes it is sent, accepts sessions with a bounded number in flight. */
class Rep {
  bytes = 0;
  frames = 0;
  readonly #ws: WebSocket;
  readonly #pending = new Map<string, () => void>();
  readonly #backlog: string[] = [];
  #next = 0;
  #idle: (() => void)[] = [];

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.on('message', (data: Buffer) => {
      this.bytes += data.length;
      this.frames++;
      const m = JSON.parse(data.toString()) as { type: string; id?: string };
      if ((m.type === 'reply' || m.type === 'error') && m.id) {
        this.#pending.get(m.id)?.();
        this.#pending.delete(m.id);
        this.#pump();
      }
    });
  }

  static async open(base: string): Promise<Rep> {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws`, [LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX + (await login(base))], { origin: CONSOLE_ORIGIN });
    const welcome = new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.on('message', (d: Buffer) => (JSON.parse(d.toString()) as { type: string }).type === 'welcome' && resolve());
    });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION }));
    await welcome;
    return new Rep(ws);
  }

  accept(sessionId: string): void {
    this.#backlog.push(sessionId);
    this.#pump();
  }

  /** Resolves once every accept asked for has its answer. */
  settled(): Promise<void> {
    if (this.#backlog.length === 0 && this.#pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (this.#pending.size < 16 && this.#backlog.length > 0) {
      const id = `a${this.#next++}`;
      this.#pending.set(id, () => undefined);
      this.#ws.send(JSON.stringify({ type: 'session.accept', id, sessionId: this.#backlog.shift() }));
    }
    if (this.#backlog.length === 0 && this.#pending.size === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  close(): void {
    this.#ws.terminate();
  }
}

/** A customer's live socket with `onFrame` listening from before hello; resolved at welcome. */
async function openLiveListening(base: string, token: string, onFrame: (m: Record<string, unknown>) => void): Promise<WebSocket> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws`, [LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX + token], { origin: CUSTOMER_ORIGIN });
  ws.on('error', () => undefined);
  const welcome = new Promise<void>((resolve, reject) => {
    ws.on('message', (d: Buffer) => {
      const m = JSON.parse(d.toString()) as Record<string, unknown>;
      if (m.type === 'welcome') resolve();
      onFrame(m);
    });
    ws.once('close', () => reject(new Error('the live socket closed before welcome')));
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION }));
  await welcome;
  return ws;
}

/** SIGTERM, then until the process is gone (at most 20 s): its --cpu-prof is written on the way out. */
async function stopGently(pid: number | undefined): Promise<void> {
  if (pid === undefined) return;
  process.kill(pid, 'SIGTERM');
  const until = performance.now() + 20_000;
  while (existsSync(`/proc/${pid}/stat`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z') && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
}

/** SIGUSR2 (--heapsnapshot-signal): until a new snapshot is complete in `dir` (at most 120 s); prints its name. */
async function heapSnapshot(pid: number | undefined, dir: string, connected: number): Promise<void> {
  if (pid === undefined) return;
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const until = performance.now() + 120_000;
  while (performance.now() < until) {
    await new Promise((r) => setTimeout(r, 200));
    const file = readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
    // Empty while V8 takes it, then written out: complete once it has bytes and its size stops changing.
    if (file) {
      const size = statSync(`${dir}/${file}`).size;
      await new Promise((r) => setTimeout(r, 2000));
      if (size > 0 && statSync(`${dir}/${file}`).size === size) return console.log(`heap snapshot at ${connected} connected: ${dir}/${file}`);
    }
  }
}

interface Level {
  connected: number;
  cpuMsPerCustomer: number;
  perSecond: number;
  rssKb: number;
  failed: number;
}

const cleanups: (() => Promise<void>)[] = [];
const children: ChildProcess[] = [];

async function main(): Promise<void> {
  const deadline = benchDeadline('connect-cost', 200);
  deadline.onExpiry(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const c of cleanups.splice(0)) await c().catch(() => undefined);
  });
  deadline.phase('filling and timing the levels');
  const LEVELS = (process.env.BENCH_LEVELS ?? '100,2500,10000').split(',').map(Number);
  const MEASURE = Number(process.env.BENCH_MEASURE ?? 200);
  const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
  const SECONDS = Number(process.env.BENCH_SECONDS ?? 40);
  const BARE = Number(process.env.BENCH_BARE ?? 2000);
  const QUEUE_JOINS = Number(process.env.BENCH_QUEUE_JOINS ?? 1000);
  const started = performance.now();
  const env = { ...BENCH_NODE_ENV, ADMIN_PASSWORD };

  // ---- connection cost at each level
  const profile = process.env.BENCH_PROFILE;
  const heap = process.env.BENCH_HEAP;
  const nodeOptions = [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), ...(heap ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heap}`] : [])];
  const server: ServerChild = await startServerChild(nodeOptions.length ? { ...env, NODE_OPTIONS: nodeOptions.join(' ') } : env, (c) => cleanups.push(c));
  const rep = await Rep.open(server.url);
  let accepting = true;
  const held: string[] = [];
  const onConnected = (id: string) => (accepting ? rep.accept(id) : held.push(id));
  const clients = [await startClient(onConnected), await startClient(onConnected)];
  const descriptors = openFilesLimit(server.pid);
  // Two sockets per customer, plus the server's own files and the REST connections in flight.
  const byDescriptors = Math.floor((descriptors - 400) / 2) - MEASURE;
  const levels: Level[] = [];
  let connected = 0;
  let refused: string | null = null;
  let limitedBy = '';
  let firstError: string | null = null;
  const fillDeadline = performance.now() + SECONDS * 1000;
  const rss100 = { at: 0, kb: 0 };
  for (const wanted of LEVELS) {
    let target = wanted;
    if (target > byDescriptors) {
      target = byDescriptors;
      limitedBy = `the server's ${descriptors} descriptors (2 per customer)`;
    }
    // Fill in slices across the client processes, each slice bounded by the time left.
    while (connected < target && !refused) {
      if (performance.now() > fillDeadline) {
        limitedBy = `BENCH_SECONDS=${SECONDS} of filling`;
        break;
      }
      const slice = Math.min(target - connected, 400);
      const half = Math.ceil(slice / 2);
      const done = await Promise.all([
        clients[0]!.run({ cmd: 'customers', base: server.url, from: connected, to: connected + half, concurrency: 8 }),
        clients[1]!.run({ cmd: 'customers', base: server.url, from: connected + half, to: connected + slice, concurrency: 8 }),
      ]);
      for (const d of done) {
        connected += d.ok;
        refused ??= d.refused;
        firstError ??= d.firstError;
      }
      if (done.every((d) => d.ok === 0)) break;
    }
    await rep.settled();
    if (refused) limitedBy = `the PeerJS server: "${refused}"`;
    // Timed: MEASURE more customers while `connected` are in accepted sessions; accepted only after the clock stops.
    accepting = false;
    const cpu0 = cpuMs(server.pid);
    const t0 = performance.now();
    const d = await clients[0]!.run({ cmd: 'customers', base: server.url, from: connected, to: connected + MEASURE, concurrency: CONCURRENCY });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuMs(server.pid) - cpu0;
    accepting = true;
    for (const id of held.splice(0)) rep.accept(id);
    await rep.settled();
    refused ??= d.refused;
    firstError ??= d.firstError;
    const level: Level = { connected, cpuMsPerCustomer: cpu / Math.max(1, d.ok), perSecond: d.ok / seconds, rssKb: rssKb(server.pid), failed: d.failed };
    if (levels.length === 0) Object.assign(rss100, { at: connected, kb: level.rssKb });
    levels.push(level);
    console.log(
      `${String(connected).padStart(6)} connected: +${d.ok} customers (${d.failed} failed) in ${seconds.toFixed(2)} s, server CPU ${level.cpuMsPerCustomer.toFixed(2)} ms per customer, ${level.perSecond.toFixed(1)} customers/s, server RSS ${(level.rssKb / 1024).toFixed(0)} MB`,
    );
    connected += d.ok;
    if (heap) await heapSnapshot(server.pid, heap, connected);
    if (refused || limitedBy) break;
  }
  const peersOpen = (await Promise.all(clients.map((c) => c.run({ cmd: 'customers', base: server.url, from: 0, to: 0, concurrency: 1 })))).reduce((n, d) => n + d.open, 0) / 2;
  const top = levels.at(-1)!;
  const kbPerCustomer = (top.rssKb - rss100.kb) / Math.max(1, top.connected - rss100.at);
  if (firstError) console.log(`first failure other than the peers limit: ${firstError}`);
  console.log(`reached ${connected} customers (${peersOpen} with both sockets open at the end)${limitedBy ? `; limited by ${limitedBy}` : ''}`);
  for (const c of clients) c.child.send({ cmd: 'close' });
  rep.close();
  if (profile) await stopGently(server.pid);
  for (const c of cleanups.splice(0)) await c();

  // ---- bare `peer` in the same run
  deadline.phase('the bare `peer` baseline');
  const bare = await startBarePeer();
  const bareClients = [await startClient(() => undefined), await startClient(() => undefined)];
  const bareRss0 = rssKb(bare.pid);
  const tb = performance.now();
  const half = Math.ceil(BARE / 2);
  const bareDone = await Promise.all([
    bareClients[0]!.run({ cmd: 'bare', url: bare.url, from: 0, to: half, concurrency: Math.ceil(CONCURRENCY / 2) }),
    bareClients[1]!.run({ cmd: 'bare', url: bare.url, from: half, to: BARE, concurrency: Math.ceil(CONCURRENCY / 2) }),
  ]);
  const bareSeconds = (performance.now() - tb) / 1000;
  const bareOk = bareDone.reduce((n, d) => n + d.ok, 0);
  const bareKb = (rssKb(bare.pid) - bareRss0) / Math.max(1, bareOk);
  console.log(`bare peer: ${bareOk} connections in ${bareSeconds.toFixed(2)} s (${(bareOk / bareSeconds).toFixed(0)}/s), ${bareKb.toFixed(1)} KB RSS per connection`);
  for (const c of bareClients) c.child.send({ cmd: 'close' });
  await bare.stop();

  // ---- queue: customers joining one by one, a representative online
  deadline.phase('the queue row (customers joining one by one)');
  const qServer = await startServerChild(env, (c) => cleanups.push(c));
  const qRep = await Rep.open(qServer.url);
  const bytes0 = qRep.bytes;
  const customers: { ws: WebSocket; waits: { position: number; estimateSeconds: number | null; repsAvailable: number }[] }[] = [];
  const tq = performance.now();
  let joinFailure: string | null = null;
  for (let i = 0; i < QUEUE_JOINS && !joinFailure; i++) {
    const res = await fetch(`${qServer.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerName: `Queue ${i}` }) }).catch((err: unknown) => {
      joinFailure = `customer ${i}: ${err instanceof Error ? err.message : String(err)}`;
      return null;
    });
    if (!res) break;
    const { customerToken } = (await res.json()) as CreateSessionResponse;
    // The wait listener goes on before hello: the first notice can come in the same read as the welcome.
    const waits: { position: number; estimateSeconds: number | null; repsAvailable: number }[] = [];
    const live = await openLiveListening(qServer.url, customerToken, (m) => {
      if (m.type === 'wait') waits.push({ position: Number(m.position), estimateSeconds: m.estimateSeconds as number | null, repsAvailable: Number(m.repsAvailable) });
    }).catch((err: unknown) => {
      joinFailure = `customer ${i}: ${err instanceof Error ? err.message : String(err)}`;
      return null;
    });
    if (!live) break;
    const c = { ws: live, waits };
    customers.push(c);
  }
  // Until the last one knows its place (every earlier notice was written before it), then a short settle.
  if (joinFailure) console.log(`queue: stopped at ${customers.length} joined: ${joinFailure}`);
  const joinedCount = customers.length;
  const last = customers.at(-1)!;
  const lastPlaced = new Promise<void>((resolve) => {
    const check = () => (last.waits.some((w) => w.position === joinedCount) ? resolve() : setTimeout(check, 20));
    check();
  });
  await lastPlaced;
  await new Promise((r) => setTimeout(r, 500));
  const joinSeconds = (performance.now() - tq) / 1000;
  const sent = customers.reduce((n, c) => n + c.waits.length, 0);
  let changed = 0;
  let wrong = 0;
  customers.forEach((c, i) => {
    c.waits.forEach((w, k) => {
      const prev = c.waits[k - 1];
      if (!prev || prev.position !== w.position || prev.estimateSeconds !== w.estimateSeconds || prev.repsAvailable !== w.repsAvailable) changed++;
    });
    if (c.waits.at(-1)?.position !== i + 1) wrong++;
  });
  const repBytesPerJoin = (qRep.bytes - bytes0) / joinedCount;
  console.log(
    `queue: ${joinedCount} customers joined one by one in ${joinSeconds.toFixed(1)} s; ${sent} wait notices received, ${changed} of them carrying a change; ${wrong} customers without their final position; representative sent ${(repBytesPerJoin / 1024).toFixed(1)} KiB per join (${qRep.frames} frames)`,
  );
  for (const c of customers) c.ws.terminate();
  qRep.close();
  for (const c of cleanups.splice(0)) await c();

  // ---- the table
  const first = levels[0]!;
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`\nload average at the end: ${load}; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const barePerSecond = bareOk / bareSeconds;
  tableRow(
    'connecting customers, sessions already accepted',
    levels.map((l) => `${l.cpuMsPerCustomer.toFixed(2)} ms CPU, ${l.perSecond.toFixed(0)}/s at ${l.connected}`).join('; '),
    `bare \`peer\`: ${bareOk} connections at ${barePerSecond.toFixed(0)}/s`,
    `CPU per customer ${ratio(top.cpuMsPerCustomer, first.cpuMsPerCustomer)} at ${top.connected} vs ${first.connected}; admission ${top.perSecond.toFixed(0)}/s${limitedBy ? ` (limited by ${limitedBy})` : ''}`,
  );
  tableRow(
    'PeerJS peers per process',
    refused ? `refused after ${peersOpen} open ("${refused}")` : `${peersOpen} open, none refused`,
    `the process's ${descriptors} descriptors (${Math.floor((descriptors - 400) / 2)} customers at 2 sockets each)`,
    refused ? 'a limit below the descriptors' : `${ratio(peersOpen, Math.floor((descriptors - 400) / 2))} of the descriptor bound`,
  );
  tableRow(
    'RSS per connected customer (live + PeerJS sockets)',
    `${kbPerCustomer.toFixed(1)} KB (${rss100.at} -> ${top.connected} connected)`,
    `bare \`peer\` ${bareKb.toFixed(1)} KB per connection`,
    ratio(kbPerCustomer, bareKb),
  );
  tableRow(
    `queue: ${joinedCount} customers joining`,
    `${sent} wait notices sent; ${(repBytesPerJoin / 1024).toFixed(1)} KiB to one representative per join`,
    `${changed} customers' position or estimate changed`,
    ratio(sent, changed),
  );
}

if (process.argv[2] === 'client') {
  await clientProcess();
} else {
  try {
    await main();
  } finally {
    // A failure half way still leaves no server or client process behind.
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const c of cleanups.splice(0)) await c().catch(() => undefined);
  }
  process.exit(0);
}
