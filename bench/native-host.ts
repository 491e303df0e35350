/**
 * The elevated plane's figures, each with a baseline from the same run:
 *
 * 1. connectNative -> the host's hello reply, in real Chromium (the installed
 *    SEA host, a cold start each time), against, in the same Chromium and
 *    alternating rounds, a bare Node 24 script that answers one native message
 *    (the baseline) and the same script as a minimal single executable
 *    (the same Node binary the helper is made of): the TABLE row. Then where the
 *    helper's start goes, spawned from Node with ORS_HOST_TRACE=1 (the host's
 *    start-up marks): process start, bundle verification, host code loading,
 *    the first message, and the input/watermark platform (after hello).
 * 2. Native messaging round trip (a `control.revoke` request and its `ok`),
 *    from the extension's service worker, against the same request over the
 *    host's stdio from Node (no browser in between).
 * 3. Input latency: a `pointer.move` written to the host until the X pointer
 *    is there (polled with QueryPointer), against `xdotool mousemove` run in
 *    the same way.
 * 4. The customer's own keyboard: a key pressed by another X client (`xdotool
 *    keydown`) until the host says `control.localInput`, against the same key
 *    press until QueryKeymap shows it down (polled as fast as X answers).
 *
 * Needs Xvfb, xdotool and Chromium (it starts its own display), and the built
 * customer extension (`npm run build`). Run: `npm run bench:native`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import puppeteer from 'puppeteer-core';
import { CUSTOMER_EXTENSION, NATIVE_HOST_NAME, NATIVE_PROTOCOL_VERSION } from '@rs/protocol';
import { buildThrowawayInstaller, runInstaller } from '../installers/src/testing.ts';
import { SEA_FUSE } from '../installers/src/build.ts';
import { spawnHost, startXvfb } from '../native-host/src/testing.ts';
import { connectX11 } from '../native-host/src/platform/x11-client.ts';
import { ratio, tableRow } from './table.ts';
import { benchDeadline } from './deadline.ts';

// Bounded for bench:all (about 45 s with a cached build; the first build adds postject's 15-30 s).
const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 200);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 10);
const MOVES = Number(process.env.BENCH_MOVES ?? 20);
const KEYS = Number(process.env.BENCH_KEYS ?? 5);
const ORIGIN = `chrome-extension://${CUSTOMER_EXTENSION.id}/`;
const EXTENSION_DIR = new URL('../extension/.output/customer/chrome-mv3', import.meta.url).pathname;
const run = promisify(execFile);
// The worker's `chrome` global, inside worker.evaluate (serialised, run in the extension).
declare const chrome: any;

const CACHE = new URL('../installers/.cache/', import.meta.url).pathname;
// The baseline: a bare script that reads one native message and answers hello (what any host must do at least).
const BARE_HOST = `
const chunks = [];
process.stdin.on('data', (c) => {
  chunks.push(c);
  const buf = Buffer.concat(chunks);
  if (buf.length < 4 || buf.length < 4 + buf.readUInt32LE(0)) return;
  const m = JSON.parse(buf.subarray(4, 4 + buf.readUInt32LE(0)).toString());
  const body = Buffer.from(JSON.stringify({ type: 'helloResponse', id: m.id, v: m.v, hostVersion: 'bare', platform: process.platform }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(body.length);
  process.stdout.write(Buffer.concat([len, body]));
});
process.stdin.on('end', () => process.exit(0));
`;

/** The same script as a minimal single executable of this Node (cached by Node version: postject takes 15-30 s). */
function minimalSea(): string {
  const file = join(CACHE, `bench-minimal-sea-${process.version}-${BARE_HOST.length}.bin`);
  if (existsSync(file)) return file;
  const dir = mkdtempSync(join(tmpdir(), 'rs-bench-sea-'));
  try {
    writeFileSync(join(dir, 'main.cjs'), BARE_HOST);
    writeFileSync(join(dir, 'sea.json'), JSON.stringify({ main: join(dir, 'main.cjs'), output: join(dir, 'sea.blob'), disableExperimentalSEAWarning: true }));
    execFileSync(process.execPath, ['--experimental-sea-config', join(dir, 'sea.json')], { stdio: 'pipe' });
    copyFileSync(process.execPath, join(dir, 'sea'));
    const postject = new URL('../node_modules/postject/dist/cli.js', import.meta.url).pathname;
    execFileSync(process.execPath, [postject, join(dir, 'sea'), 'NODE_SEA_BLOB', join(dir, 'sea.blob'), '--sentinel-fuse', SEA_FUSE], { stdio: 'pipe' });
    mkdirSync(CACHE, { recursive: true });
    copyFileSync(join(dir, 'sea'), `${file}.partial`);
    renameSync(`${file}.partial`, file);
    return file;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const line = (name: string, xs: number[]) =>
  console.log(`  ${name.padEnd(46)} p50 ${pct(xs, 50).toFixed(2).padStart(8)} ms   p99 ${pct(xs, 99).toFixed(2).padStart(8)} ms   (n=${xs.length})`);

const deadline = benchDeadline('native-host', 150);
const xvfb = await startXvfb(1280, 800);
deadline.onExpiry(() => xvfb.close());
const env = { ...process.env, DISPLAY: xvfb.display };
const work = mkdtempSync(join(tmpdir(), 'rs-bench-native-'));
deadline.phase('building the throwaway installer');
const build = await buildThrowawayInstaller();
try {
  deadline.phase('cold starts in Chromium against the baselines');
  const userDataDir = join(work, 'profile');
  mkdirSync(userDataDir);
  const manifests = join(userDataDir, 'NativeMessagingHosts');
  const hostPath = runInstaller(build.installer, join(work, 'home'), manifests, env);
  // The baselines, registered as two more native messaging hosts for the same extension.
  const barePath = join(work, 'bare-host.cjs');
  writeFileSync(barePath, `#!${process.execPath}\n${BARE_HOST}`);
  chmodSync(barePath, 0o755);
  const seaPath = join(work, 'minimal-sea');
  copyFileSync(minimalSea(), seaPath);
  chmodSync(seaPath, 0o755);
  const hosts = { helper: NATIVE_HOST_NAME, bare: `${NATIVE_HOST_NAME}.bench_bare`, sea: `${NATIVE_HOST_NAME}.bench_sea` };
  for (const [name, path] of [[hosts.bare, barePath], [hosts.sea, seaPath]] as const) {
    writeFileSync(join(manifests, `${name}.json`), JSON.stringify({ name, description: 'bench baseline', path, type: 'stdio', allowed_origins: [ORIGIN] }));
  }

  // --- in Chromium -------------------------------------------------------------
  const browser = await puppeteer.launch({
    executablePath: '/usr/lib/chromium/chromium',
    headless: false,
    pipe: true,
    enableExtensions: [EXTENSION_DIR],
    userDataDir,
    // The helper traces its start-up marks to a file: Chromium does not show a native host's stderr.
    env: { ...env, XDG_CONFIG_HOME: join(work, 'xdg'), ORS_HOST_TRACE: '1', ORS_HOST_TRACE_FILE: join(work, 'trace.log') },
    args: ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().includes(CUSTOMER_EXTENSION.id));
  const worker = (await target.worker())!;
  const browserFigures = await worker.evaluate(
    async (names: Record<'helper' | 'bare' | 'sea', string>, v: number, coldStarts: number, roundTrips: number) => {
      type Port = any;
      const ask = (port: Port, message: object) =>
        new Promise<void>((resolve, reject) => {
          const onMessage = () => {
            port.onMessage.removeListener(onMessage);
            resolve();
          };
          port.onMessage.addListener(onMessage);
          port.onDisconnect.addListener(() => reject(new Error(chrome.runtime.lastError?.message ?? 'disconnected')));
          port.postMessage(message);
        });
      const connect: Record<string, number[]> = { helper: [], bare: [], sea: [] };
      const helperStarts: Array<[number, number]> = [];
      const order = ['helper', 'bare', 'sea'] as const;
      for (let i = 0; i < coldStarts + 1; i++) {
        // Alternating rounds, the order rotated each round; the first round warms the page cache and is dropped.
        for (let k = 0; k < order.length; k++) {
          const which = order[(i + k) % order.length]!;
          const t0 = performance.now();
          const port = chrome.runtime.connectNative(names[which]);
          await ask(port, { type: 'hello', id: 'h', v });
          if (i > 0) connect[which]!.push(performance.now() - t0);
          if (i > 0 && which === 'helper') helperStarts.push([performance.timeOrigin + t0, performance.now() - t0]);
          port.disconnect();
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const port = chrome.runtime.connectNative(names.helper);
      await ask(port, { type: 'hello', id: 'h', v });
      const rtt: number[] = [];
      for (let i = 0; i < roundTrips + 50; i++) {
        const t0 = performance.now();
        await ask(port, { type: 'control.revoke', id: `r${i}` });
        if (i >= 50) rtt.push(performance.now() - t0);
      }
      port.disconnect();
      return { connect, rtt, helperStarts };
    },
    hosts,
    NATIVE_PROTOCOL_VERSION,
    COLD_STARTS,
    ROUND_TRIPS,
  );
  await browser.close();

  // Where the helper's start went in Chromium: its traced marks matched to the connectNative calls (the first trace after each).
  const segmentsOf = (lines: string[], starts: Array<[number, number]>) => {
    const traces = lines.filter((l) => l.startsWith('ors-host-trace ')).map((l) => JSON.parse(l.slice('ors-host-trace '.length)) as { pid: number; origin: number; marks: Array<[string, number]> });
    const out = new Map<string, number[]>();
    for (const [startedAt, total] of starts) {
      const trace = traces.filter((t) => t.origin >= startedAt - 5).sort((a, b) => a.origin - b.origin)[0];
      if (!trace) continue;
      let prev: [string, number] = ['connectNative', startedAt - trace.origin];
      for (const m of [...trace.marks.filter((m) => m[0] !== 'platform loaded'), ['hello reply in the worker', startedAt - trace.origin + total] as [string, number]]) {
        const key = `${prev[0]} -> ${m[0]}`;
        out.set(key, [...(out.get(key) ?? []), m[1] - prev[1]]);
        prev = m;
      }
    }
    return out;
  };
  const chromiumSegments = segmentsOf(existsSync(join(work, 'trace.log')) ? readFileSync(join(work, 'trace.log'), 'utf8').split('\n') : [], browserFigures.helperStarts);

  // --- the same host over stdio from Node, with its start-up marks ----------------------
  deadline.phase('the host over stdio from Node');
  const direct: number[] = [];
  const segments = new Map<string, number[]>();
  for (let i = 0; i < COLD_STARTS; i++) {
    const spawnedAt = performance.timeOrigin + performance.now();
    const t0 = performance.now();
    const host = spawnHost(hostPath, [ORIGIN], { ...env, ORS_HOST_TRACE: '1' });
    host.send({ type: 'hello', id: 'h', v: NATIVE_PROTOCOL_VERSION });
    await host.next();
    direct.push(performance.now() - t0);
    // The host traces right after its hello reply (on stderr, which may come a moment after stdout).
    const traced = () => host.stderr().split('\n').filter((l) => l.startsWith('ors-host-trace '));
    for (let w = 0; w < 100 && traced().length === 0; w++) await new Promise((r) => setTimeout(r, 10));
    const last = traced().at(-1);
    if (last) {
      const trace = JSON.parse(last.slice('ors-host-trace '.length)) as { origin: number; marks: Array<[string, number]> };
      let prev: [string, number] = ['spawn', spawnedAt - trace.origin];
      for (const m of trace.marks) {
        const key = `${prev[0]} -> ${m[0]}`;
        segments.set(key, [...(segments.get(key) ?? []), m[1] - prev[1]]);
        prev = m;
      }
    }
    host.kill();
    await host.exited;
  }
  const host = spawnHost(hostPath, [ORIGIN], env);
  host.send({ type: 'hello', id: 'h', v: NATIVE_PROTOCOL_VERSION });
  await host.next();
  const stdioRtt: number[] = [];
  for (let i = 0; i < ROUND_TRIPS + 50; i++) {
    const t0 = performance.now();
    host.send({ type: 'control.revoke', id: `r${i}` });
    await host.next();
    if (i >= 50) stdioRtt.push(performance.now() - t0);
  }

  // --- input latency ----------------------------------------------------------------
  deadline.phase('input latency');
  const x = await connectX11(xvfb.display);
  const pointerAt = (px: number, py: number) =>
    new Promise<boolean>((resolve) =>
      x.client.QueryPointer(x.root, (_e: unknown, p: { rootX: number; rootY: number }) => resolve(p.rootX === px && p.rootY === py)),
    );
  /** True once the pointer is there (polled as fast as X answers), false after 3 s: a lost move must not spin forever. */
  const waitPointer = async (px: number, py: number) => {
    const until = performance.now() + 3000;
    while (performance.now() < until) if (await pointerAt(px, py)) return true;
    return false;
  };
  let lostMoves = 0;
  host.send({ type: 'control.grant', id: 'g' });
  await host.next();
  const hostMoves: number[] = [];
  const xdotoolMoves: number[] = [];
  for (let i = 0; i < MOVES; i++) {
    const px = 100 + (i % 2) * 600 + (i % 50);
    const py = 100 + (i % 2) * 400;
    // Baseline first, then the host from the same starting point, so both start where the other left the pointer.
    let t0 = performance.now();
    await run('xdotool', ['mousemove', String(px), String(py)], { env });
    if (await waitPointer(px, py)) xdotoolMoves.push(performance.now() - t0);
    else lostMoves++;
    const qx = px + 3;
    const qy = py + 3;
    t0 = performance.now();
    host.send({ type: 'pointer.move', x: qx / 1279, y: qy / 799 });
    if (await waitPointer(qx, qy)) hostMoves.push(performance.now() - t0);
    else lostMoves++;
    // The host's hold-off would see xdotool as the customer's own mouse: grant again after each baseline move.
    host.send({ type: 'control.grant', id: `g${i}` });
    await host.next((m) => 'id' in m && m.id === `g${i}`);
  }

  // --- the customer's own keyboard -------------------------------------------------
  const SHIFT_L = 50; // Xvfb's default keymap
  const keyIsDown = () =>
    new Promise<boolean>((resolve) => x.client.QueryKeymap((_e: unknown, map: Buffer) => resolve(Boolean(map[SHIFT_L >> 3]! & (1 << (SHIFT_L & 7))))));
  const keyNotices: number[] = [];
  const keymapSeen: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    host.send({ type: 'control.grant', id: `k${i}` });
    await host.next((m) => 'id' in m && m.id === `k${i}`);
    let t0 = performance.now();
    await run('xdotool', ['keydown', 'Shift_L'], { env });
    await host.next((m) => m.type === 'control.localInput');
    keyNotices.push(performance.now() - t0);
    await run('xdotool', ['keyup', 'Shift_L'], { env });
    t0 = performance.now();
    await run('xdotool', ['keydown', 'Shift_L'], { env });
    while (!(await keyIsDown())) {
      // as fast as X answers
    }
    keymapSeen.push(performance.now() - t0);
    await run('xdotool', ['keyup', 'Shift_L'], { env });
    // Past the host's notice throttle, so the next press gets its own notice.
    await new Promise((r) => setTimeout(r, 300));
  }
  x.close();
  host.kill();

  const { connect } = browserFigures;
  console.log(`\nNative host (installed SEA build, Xvfb ${xvfb.display}), Node ${process.version}`);
  line('connectNative -> hello reply (Chromium)', connect.helper!);
  line('baseline: bare Node 24 script -> hello', connect.bare!);
  line('baseline: minimal single executable -> hello', connect.sea!);
  console.log('  where the helper start goes in Chromium (ORS_HOST_TRACE=1; segments between its marks):');
  for (const [name, xs] of chromiumSegments) line(`  ${name}`, xs);
  line('spawn helper -> hello reply (Node)', direct);
  console.log('  where the helper start goes (spawned from Node, ORS_HOST_TRACE=1; segments between its marks):');
  for (const [name, xs] of segments) line(`  ${name}`, xs);
  line('round trip, extension worker <-> host', browserFigures.rtt);
  line('baseline: round trip over stdio from Node', stdioRtt);
  if (lostMoves) console.log(`  ${lostMoves} moves lost (the pointer not there within 3 s; the host's hold-off after xdotool's moves, or X under load)`);
  line('input: pointer.move -> X pointer there', hostMoves);
  line('baseline: xdotool mousemove -> X pointer there', xdotoolMoves);
  line("customer's key down -> host's localInput", keyNotices);
  line('baseline: key down -> QueryKeymap shows it', keymapSeen);
  const [h, b, m] = [pct(connect.helper!, 50), pct(connect.bare!, 50), pct(connect.sea!, 50)];
  tableRow(
    'connectNative -> helper hello',
    `p50 ${h.toFixed(0)} ms, p99 ${pct(connect.helper!, 99).toFixed(0)} ms`,
    `bare Node 24 script p50 ${b.toFixed(0)} ms; minimal SEA p50 ${m.toFixed(0)} ms`,
    `${ratio(h, b)} / ${ratio(h, m)}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(build.dir, { recursive: true, force: true });
  await xvfb.close();
}
