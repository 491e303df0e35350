/**
 * Chat at scale: 1,000 live sessions (customers accepted by one representative) on the real server as its own
 * process (SQLite on a file, the default), against a bare WebSocket relay process that does the same wire work
 * and nothing else (parse the line, a reply to the sender, the chat notice to the customer and to the
 * representative), same clients, same rates, in one run:
 *   (a) steady: BENCH_RATE (1000) lines/s customer -> representative for BENCH_STEADY_S (4) s, p50/p99;
 *   (b) burst: every session sends one line at once, until the representative has them all (and the p50);
 *   (c) saturation: each customer keeps BENCH_WINDOW (2) lines in flight for BENCH_SAT_S (4) s: lines/s
 *       delivered and the server process's cores (its CPU time / wall time, from /proc).
 *
 *   unshare -n bash scripts/with-display.sh node bench/chat-scale.ts
 *   BENCH_SESSIONS (1000), BENCH_PROFILE=dir: the product server writes a --cpu-prof there.
 *
 * `node bench/chat-scale.ts relay-server` runs the baseline relay alone (it is what the bench spawns).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';
import { AUTH_SUBPROTOCOL_PREFIX, LIVE_SUBPROTOCOL, PROTOCOL_VERSION, type CreateSessionResponse } from '@rs/protocol';
import { CONSOLE_ORIGIN, CUSTOMER_ORIGIN } from '../server/src/testing.ts';
import { BENCH_NODE_ENV, pct, pool } from './cluster-clients.ts';
import { ratio, tableRow } from './table.ts';
import { benchDeadline } from './deadline.ts';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const STEADY_S = Number(process.env.BENCH_STEADY_S ?? 4);
const SAT_S = Number(process.env.BENCH_SAT_S ?? 4);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 2);
const ADMIN_PASSWORD = 'bench-admin-password';
const SELF = fileURLToPath(import.meta.url);
const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The baseline: a WebSocket relay doing the product's wire work for a chat line and nothing else. */
function relayServer(): void {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  const reps = new Set<WebSocket>();
  const customers = new Map<string, WebSocket>();
  let seq = 0;
  wss.on('connection', (ws, req) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const sessionId = url.searchParams.get('s');
    if (sessionId) customers.set(sessionId, ws);
    else reps.add(ws);
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { type: string; id: string; sessionId: string; text: string };
      if (m.type === 'hello') return ws.send(JSON.stringify({ type: 'welcome' }));
      const message = { id: String(++seq), sessionId: m.sessionId, seq, author: 'customer', authorName: 'Bench', text: m.text, at: Date.now() };
      customers.get(m.sessionId)?.send(JSON.stringify({ type: 'chat', message }));
      for (const r of reps) r.send(JSON.stringify({ type: 'chat', message }));
      ws.send(JSON.stringify({ type: 'reply', id: m.id, message }));
    });
  });
  wss.on('listening', () => console.log(`listening on http://127.0.0.1:${(wss.address() as { port: number }).port}`));
}

interface Child {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function startChild(args: string[], env: Record<string, string>): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const seen = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${out}`)));
  });
  // Keep draining its output (a full pipe would stall it).
  child.stdout?.on('data', () => undefined);
  child.stderr?.on('data', (d: Buffer) => process.env.BENCH_VERBOSE && process.stderr.write(d));
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The process's user + system CPU time in seconds (Linux /proc; clock ticks at 100 Hz). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const opened = (ws: WebSocket) =>
  new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });

/** Resolves at the first frame whose text contains `marker` (no parse: the clients must stay cheap). */
const frameWith = (ws: WebSocket, marker: string) =>
  new Promise<void>((resolve) => {
    const on = (d: Buffer) => {
      if (d.toString().includes(marker)) {
        ws.off('message', on);
        resolve();
      }
    };
    ws.on('message', on);
  });

/** One setup's clients: customers (each with its session id) and the representative's socket. */
interface Rig {
  name: string;
  pid: number;
  rep: WebSocket;
  customers: { sessionId: string; ws: WebSocket }[];
}

async function productRig(url: string, pid: number): Promise<Rig> {
  const post = async <T>(path: string, body: unknown, token?: string) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const { token } = await post<{ token: string }>('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD });
  const live = async (token: string, origin: string) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/ws`, [LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX + token], { origin });
    await opened(ws);
    const welcome = frameWith(ws, '"welcome"');
    ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION }));
    await welcome;
    return ws;
  };
  const rep = await live(token, CONSOLE_ORIGIN);
  // Accepted as they come, so the queue stays short (its fan-out is another row of the table).
  const customers = await pool(0, SESSIONS, 8, async (i) => {
    const { session, customerToken } = await post<CreateSessionResponse>('/api/sessions', { customerName: `Bench ${i}` });
    const replied = frameWith(rep, `"id":"accept-${i}"`);
    rep.send(JSON.stringify({ type: 'session.accept', id: `accept-${i}`, sessionId: session.id }));
    await replied;
    return { sessionId: session.id, ws: await live(customerToken, CUSTOMER_ORIGIN) };
  });
  // A refused line would never reach the representative: say why instead of timing out.
  for (const c of customers)
    c.ws.on('message', (d: Buffer) => {
      const s = d.toString();
      if (s.startsWith('{"type":"error"') && errors++ < 3) console.error(`product refused a line: ${s}`);
    });
  return { name: 'product', pid, rep, customers };
}

async function relayRig(url: string, pid: number): Promise<Rig> {
  const base = url.replace(/^http/, 'ws');
  const rep = new WebSocket(`${base}/?rep`);
  await opened(rep);
  const customers = await pool(0, SESSIONS, 8, async (i) => {
    const ws = new WebSocket(`${base}/?s=s${i}`);
    await opened(ws);
    return { sessionId: `s${i}`, ws };
  });
  return { name: 'echo', pid, rep, customers };
}

/**
 * Lines are `"text":"L<n>."`: the representative's socket finds n without a full parse of every frame
 * (the session and queue notices of the setup go by it), and calls `delivered(n)`.
 */
function listen(rig: Rig, delivered: (n: number, at: number) => void): () => void {
  const on = (d: Buffer) => {
    const s = d.toString();
    const at = s.indexOf('"text":"L');
    if (at < 0 || !s.startsWith('{"type":"chat"')) return;
    delivered(Number(s.slice(at + 9, s.indexOf('.', at + 9))), performance.now());
  };
  rig.rep.on('message', on);
  return () => rig.rep.off('message', on);
}

let nextLine = 0;
let errors = 0;
function send(rig: Rig, customer: number): number {
  const n = nextLine++;
  const c = rig.customers[customer]!;
  c.ws.send(JSON.stringify({ type: 'chat.send', id: `c${n}`, sessionId: c.sessionId, text: `L${n}.` }));
  return n;
}

/** (a) RATE lines/s, round robin over the customers, for STEADY_S seconds: each line's latency. */
async function steady(rig: Rig): Promise<number[]> {
  const sent = new Map<number, number>();
  const times: number[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const total = RATE * STEADY_S;
  const stop = listen(rig, (n, at) => {
    const t0 = sent.get(n);
    if (t0 === undefined) return;
    sent.delete(n);
    times.push(at - t0);
    if (times.length === total) done();
  });
  const start = performance.now();
  let issued = 0;
  const tick = setInterval(() => {
    // Catch up to the schedule (timers on a loaded machine fire late).
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
    while (issued < due) {
      const t0 = performance.now();
      sent.set(send(rig, issued % rig.customers.length), t0);
      issued++;
    }
    if (issued >= total) clearInterval(tick);
  }, 1);
  await Promise.race([finished, new Promise((r) => setTimeout(r, STEADY_S * 1000 + 20_000))]);
  clearInterval(tick);
  stop();
  // A line still missing counts as arriving at the deadline: a lower bound, said as such in the output.
  const end = performance.now();
  if (sent.size > 0) console.log(`${rig.name} steady: ${sent.size} of ${total} lines not delivered within ${STEADY_S + 20} s (counted at the deadline)`);
  for (const t0 of sent.values()) times.push(end - t0);
  return times;
}

/** (b) every customer sends one line at the same moment: until the last one is delivered, and each line's latency. */
async function burst(rig: Rig): Promise<{ all: number; times: number[] }> {
  const sent = new Map<number, number>();
  const times: number[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const stop = listen(rig, (n, at) => {
    const t0 = sent.get(n);
    if (t0 === undefined) return;
    times.push(at - t0);
    if (times.length === rig.customers.length) done();
  });
  const t0 = performance.now();
  for (let i = 0; i < rig.customers.length; i++) sent.set(send(rig, i), t0);
  await Promise.race([finished, new Promise((r) => setTimeout(r, 30_000))]);
  const all = performance.now() - t0;
  stop();
  if (times.length < rig.customers.length) throw new Error(`${rig.name} burst: ${rig.customers.length - times.length} lines never arrived`);
  return { all, times };
}

/** (c) each customer keeps WINDOW lines in flight for SAT_S seconds: lines delivered per second and the server's cores. */
async function saturation(rig: Rig): Promise<{ perSecond: number; cores: number }> {
  const owner = new Map<number, number>();
  let delivered = 0;
  let running = true;
  const stop = listen(rig, (n) => {
    const c = owner.get(n);
    if (c === undefined) return;
    owner.delete(n);
    delivered++;
    if (running) owner.set(send(rig, c), c);
  });
  const cpu0 = cpuSeconds(rig.pid);
  const t0 = performance.now();
  for (let w = 0; w < WINDOW; w++) for (let i = 0; i < rig.customers.length; i++) owner.set(send(rig, i), i);
  await new Promise((r) => setTimeout(r, SAT_S * 1000));
  const wall = (performance.now() - t0) / 1000;
  const counted = delivered;
  const cpu = cpuSeconds(rig.pid) - cpu0;
  running = false;
  // Let what is in flight drain before the next measurement.
  const drainUntil = performance.now() + 20_000;
  while (owner.size > 0 && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
  stop();
  return { perSecond: counted / wall, cores: cpu / wall };
}

async function main(): Promise<void> {
  const deadline = benchDeadline('chat-scale', 180);
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'rs-chat-scale-'));
  const profile = process.env.BENCH_PROFILE;
  const product = await startChild([...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), 'server/src/main.ts'], {
    ...BENCH_NODE_ENV,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_PASSWORD,
    TRANSCRIPT_MAX_LINES: '1000000',
  });
  const relay = await startChild([SELF, 'relay-server'], {});
  deadline.onExpiry(() => Promise.all([product.stop(), relay.stop()]));
  const rigs: Rig[] = [];
  try {
    deadline.phase(`setting up ${SESSIONS} sessions on the echo and the product`);
    rigs.push(await relayRig(relay.url, relay.pid));
    console.log(`echo: ${SESSIONS} sessions in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    rigs.push(await productRig(product.url, product.pid));
    const [echo, prod] = rigs as [Rig, Rig];
    console.log(`${SESSIONS} sessions set up on each in ${((performance.now() - started) / 1000).toFixed(1)} s; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    // Warm both (JIT, statement caches), then measure each phase on the baseline and the product back to back.
    deadline.phase('measuring (warm-up, steady, burst, saturation)');
    await burst(echo);
    await burst(prod);
    const sEcho = await steady(echo);
    const sProd = await steady(prod);
    const bEcho = await burst(echo);
    const bProd = await burst(prod);
    const satEcho = await saturation(echo);
    const satStart = process.hrtime.bigint() / 1000n;
    const satProd = await saturation(prod);
    // The server's --cpu-prof covers the whole run; this slice (monotonic µs, the profile's clock) is the saturation.
    if (profile) console.log(`profile window, product saturation: ${satStart} ${satStart + BigInt(SAT_S * 1_000_000)}`);
    const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.log(`steady ${RATE}/s x ${STEADY_S} s: product p50 ${ms(pct(sProd, 50))} p99 ${ms(pct(sProd, 99))} ms; echo p50 ${ms(pct(sEcho, 50))} p99 ${ms(pct(sEcho, 99))} ms`);
    console.log(`burst of ${SESSIONS}: product all ${ms(bProd.all)} ms (p50 ${ms(pct(bProd.times, 50))}); echo all ${ms(bEcho.all)} ms (p50 ${ms(pct(bEcho.times, 50))})`);
    console.log(`saturation (${WINDOW} in flight per session, ${SAT_S} s): product ${satProd.perSecond.toFixed(0)} msgs/s at ${satProd.cores.toFixed(2)} cores; echo ${satEcho.perSecond.toFixed(0)} msgs/s at ${satEcho.cores.toFixed(2)} cores`);
    console.log(`load ${load}; total ${((performance.now() - started) / 1000).toFixed(1)} s`);
    tableRow(
      `chat, ${SESSIONS} live sessions, ${RATE} msgs/s steady`,
      `p50 ${ms(pct(sProd, 50))} ms, p99 ${ms(pct(sProd, 99))} ms`,
      `raw ws echo p50 ${ms(pct(sEcho, 50))}, p99 ${ms(pct(sEcho, 99))}`,
      `${ratio(pct(sProd, 50), pct(sEcho, 50))} / ${ratio(pct(sProd, 99), pct(sEcho, 99))}`,
    );
    tableRow(
      `chat, ${SESSIONS} sessions each sending one line at once`,
      `all delivered in ${ms(bProd.all)} ms (p50 ${ms(pct(bProd.times, 50))} ms)`,
      `echo ${ms(bEcho.all)} ms (p50 ${ms(pct(bEcho.times, 50))} ms)`,
      ratio(bProd.all, bEcho.all),
    );
    tableRow(
      'chat throughput at saturation',
      `${satProd.perSecond.toFixed(0)} msgs/s, server at ${satProd.cores.toFixed(2)} cores`,
      `echo ${satEcho.perSecond.toFixed(0)} msgs/s at ${satEcho.cores.toFixed(2)} cores`,
      `${ratio(satEcho.perSecond, satProd.perSecond)} (echo / product)`,
    );
  } finally {
    for (const rig of rigs) {
      rig.rep.terminate();
      for (const c of rig.customers) c.ws.terminate();
    }
    await product.stop();
    await relay.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'relay-server') relayServer();
else await main();
