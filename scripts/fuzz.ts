/**
 * `npm run fuzz`: hostile input against REAL processes, far more than the test
 * suite sends. A server process (started as `npm run serve` starts it, on a
 * loopback port, with an in-memory database) gets `--count` inputs on each of
 * its live socket, its PeerJS socket and its REST routes; a native host
 * process (spawned as Chromium spawns it, framed stdio, on a private Xvfb)
 * gets `--count` framed messages and a few hundred raw byte streams. Per
 * surface it prints inputs tried, typed errors, crashes (must be 0) and the
 * target's RSS before and after. Every surface stops at its count or after
 * `--minutes`, whichever comes first; the exit code is 1 on any crash or
 * `internal` answer.
 *
 *   npm run fuzz                          # 1,000,000 inputs per surface
 *   npm run fuzz -- --count 20000         # a quick run
 *   npm run fuzz -- --surfaces live,native --minutes 5
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { CUSTOMER_ORIGIN, login } from '../server/src/testing.ts';
import type { CreateSessionResponse } from '@rs/protocol';
import { asJsonText, hostileBytes, hostileValue, mutated, VALID } from '@rs/protocol/fuzz-values';
import { fuzzLiveSocket, fuzzPeerSocket, fuzzRest, type SurfaceStats } from '../server/src/resilience/fuzz-drivers.ts';
import { peerPairs } from '../server/src/peer/peer-testing.ts';
import { liveFrames, peerjsFrames, restInputs, stream } from '../server/src/resilience/fuzz-inputs.ts';
import { startXvfb } from '../native-host/src/testing.ts';
import { fuzzNativeHost } from './fuzz/native-host.ts';
import { rssKb } from './fuzz/rss.ts';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    surfaces: { type: 'string', default: 'live,peerjs,rest,native' },
    minutes: { type: 'string', default: '20' },
    seed: { type: 'string', default: '42' },
  },
});
const COUNT = Number(args.count);
const SURFACES = new Set(args.surfaces!.split(','));
const MINUTES = Number(args.minutes);
const SEED = Number(args.seed);
const ADMIN_PASSWORD = 'fuzz admin password';
const fmt = (n: number) => n.toLocaleString('en-US');

/** The server as its own process, as `npm run serve` runs it; resolves once it printed its address. */
async function startServer(dataDir: string) {
  const child = spawn(process.execPath, [new URL('../server/src/main.ts', import.meta.url).pathname], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_FILE: ':memory:', ADMIN_PASSWORD, CUSTOMER_GRACE_MS: '3600000',
      // Every input is followed by a sentinel frame relayed back to its sender: a million of them would spend the
      // peer id's signalling budget within seconds and turn every later input into a 4029 close of the sentinel.
      PEER_SIGNAL_BYTES_PER_MINUTE: String(1024 ** 3) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exit: string | null = null;
  child.once('exit', (code, signal) => (exit = `exited with ${signal ?? code}`));
  let log = '';
  let lines = 0;
  // Its log is kept short (the last lines) and counted: refused input logs a line each.
  child.stderr!.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-3000);
    lines += d.toString().split('\n').length - 1;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`the server did not start:\n${out}\n${log}`)));
  });
  return { child, url, exit: () => exit, log: () => log, logLines: () => lines };
}

async function newSession(base: string): Promise<CreateSessionResponse> {
  const res = await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerName: 'Fuzz' }) });
  if (res.status !== 201) throw new Error(`cannot create a session: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreateSessionResponse;
}

type Row = SurfaceStats & { crashes: number; rssBeforeKb: number; rssAfterKb: number; seconds: number; note?: string };
const rows: Row[] = [];

function print(row: Row): void {
  const closes = Object.entries(row.closes).map(([code, n]) => `${code}: ${fmt(n)}`).join(', ') || 'none';
  console.log(
    [
      `${row.surface}`,
      `  inputs tried      ${fmt(row.inputs)}  (${row.seconds.toFixed(0)} s, ${fmt(Math.round(row.inputs / Math.max(row.seconds, 0.001)))}/s)`,
      `  typed errors      ${fmt(row.typedErrors)}  (internal: ${fmt(row.internal)})`,
      `  accepted          ${fmt(row.accepted)}`,
      `  deliberate closes ${closes}`,
      `  untyped           ${fmt(row.untyped)}${row.note ? `  ${row.note}` : ''}`,
      `  crashes           ${row.crashes}`,
      `  RSS               ${(row.rssBeforeKb / 1024).toFixed(1)} MB -> ${(row.rssAfterKb / 1024).toFixed(1)} MB`,
      ...row.samples.slice(0, 5).map((s) => `  sample: ${s.replace(/\s+/g, ' ').slice(0, 200)}`),
    ].join('\n'),
  );
}

const work = mkdtempSync(join(tmpdir(), 'rs-fuzz-'));
try {
  const until = () => Date.now() + MINUTES * 60_000;
  if (SURFACES.has('live') || SURFACES.has('peerjs') || SURFACES.has('rest')) {
    const server = await startServer(work);
    const pid = server.child.pid!;
    console.log(`server pid ${pid} at ${server.url}; ${fmt(COUNT)} inputs per surface, at most ${MINUTES} min each`);
    const surface = async (name: string, run: () => Promise<SurfaceStats>, note?: (s: SurfaceStats) => string | undefined) => {
      if (!SURFACES.has(name)) return;
      const before = rssKb(pid);
      const t0 = Date.now();
      const stats = await run().catch((err: unknown) => ({ surface: name, inputs: 0, typedErrors: 0, internal: 0, accepted: 0, closes: {}, untyped: 1, samples: [String(err)] }));
      const crashed = server.exit();
      const row: Row = { ...stats, crashes: crashed ? 1 : 0, rssBeforeKb: before, rssAfterKb: rssKb(pid), seconds: (Date.now() - t0) / 1000, note: note?.(stats) };
      rows.push(row);
      print(row);
      if (crashed) throw new Error(`the server ${crashed}:\n${server.log()}`);
    };

    await surface('live', async () => {
      const customer = await newSession(server.url);
      return fuzzLiveSocket({ base: server.url, token: customer.customerToken, origin: CUSTOMER_ORIGIN, inputs: stream(liveFrames, COUNT, SEED), until: until() });
    });
    await surface('peerjs', async () => {
      // One socket per issued id (the peer server relays to an id's latest socket): sixteen accepted sessions in parallel,
      // each customer sending, its representative receiving the sentinels (signalling goes only between a session's parties).
      const peers = await peerPairs(server.url, await login(server.url, 'admin', ADMIN_PASSWORD), 16);
      return fuzzPeerSocket({ base: server.url, peers, inputs: stream(peerjsFrames, COUNT, SEED), until: until() });
    });
    await surface(
      'rest',
      async () => fuzzRest({ base: server.url, inputs: stream(restInputs(await login(server.url, 'admin', ADMIN_PASSWORD)), COUNT, SEED), concurrency: 32, until: until() }),
      (s) => {
        const fivexx = (s as SurfaceStats & { fivexx?: Record<string, number> }).fivexx ?? {};
        const entries = Object.entries(fivexx);
        return entries.length ? `(5xx: ${entries.map(([k, n]) => `${k} x${fmt(n)}`).join('; ')})` : undefined;
      },
    );
    console.log(`server log: ${fmt(server.logLines())} lines (refused input is logged)`);
    server.child.kill('SIGTERM');
  }

  if (SURFACES.has('native')) {
    const xvfb = await startXvfb(1280, 800);
    try {
      const t0 = Date.now();
      const rawCount = Math.max(50, Math.min(200, Math.round(COUNT / 5000)));
      const messages = stream(fc.oneof(hostileValue, mutated(VALID.native)).map(asJsonText), COUNT, SEED);
      const raws = stream(fc.array(hostileBytes, { minLength: 1, maxLength: 6 }), rawCount, SEED);
      const stats = await fuzzNativeHost({ env: { ...process.env, DISPLAY: xvfb.display }, messages, rawStreams: raws, until: until() });
      const row: Row = { ...stats, surface: `native host (${fmt(stats.processes)} processes; the last ${fmt(rawCount)} inputs are raw byte streams)`, seconds: (Date.now() - t0) / 1000 };
      rows.push(row);
      print(row);
    } finally {
      await xvfb.close();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const crashes = rows.reduce((n, r) => n + r.crashes, 0);
const internal = rows.reduce((n, r) => n + r.internal, 0);
console.log(`\n${rows.length} surfaces, ${fmt(rows.reduce((n, r) => n + r.inputs, 0))} inputs, ${crashes} crashes, ${internal} internal answers`);
process.exit(crashes > 0 || internal > 0 ? 1 : 0);
