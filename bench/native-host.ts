/**
 * The elevated plane's figures, each with a baseline from the same run:
 *
 * 1. connectNative -> the host's hello reply, in real Chromium (the installed
 *    SEA host, a cold start each time), against spawning the same host
 *    directly from Node and waiting for its hello reply.
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
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import puppeteer from 'puppeteer-core';
import { CUSTOMER_EXTENSION, NATIVE_HOST_NAME, NATIVE_PROTOCOL_VERSION } from '@rs/protocol';
import { buildThrowawayInstaller, runInstaller } from '../installers/src/testing.ts';
import { spawnHost, startXvfb } from '../native-host/src/testing.ts';
import { connectX11 } from '../native-host/src/platform/x11-client.ts';

const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 1000);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 10);
const MOVES = Number(process.env.BENCH_MOVES ?? 200);
const KEYS = Number(process.env.BENCH_KEYS ?? 50);
const ORIGIN = `chrome-extension://${CUSTOMER_EXTENSION.id}/`;
const EXTENSION_DIR = new URL('../extension/.output/customer/chrome-mv3', import.meta.url).pathname;
const run = promisify(execFile);
// The worker's `chrome` global, inside worker.evaluate (serialised, run in the extension).
declare const chrome: any;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const line = (name: string, xs: number[]) =>
  console.log(`  ${name.padEnd(46)} p50 ${pct(xs, 50).toFixed(2).padStart(8)} ms   p99 ${pct(xs, 99).toFixed(2).padStart(8)} ms   (n=${xs.length})`);

const xvfb = await startXvfb(1280, 800);
const env = { ...process.env, DISPLAY: xvfb.display };
const work = mkdtempSync(join(tmpdir(), 'rs-bench-native-'));
const build = await buildThrowawayInstaller();
try {
  const userDataDir = join(work, 'profile');
  mkdirSync(userDataDir);
  const hostPath = runInstaller(build.installer, join(work, 'home'), join(userDataDir, 'NativeMessagingHosts'), env);

  // --- in Chromium -------------------------------------------------------------
  const browser = await puppeteer.launch({
    executablePath: '/usr/lib/chromium/chromium',
    headless: false,
    pipe: true,
    enableExtensions: [EXTENSION_DIR],
    userDataDir,
    env: { ...env, XDG_CONFIG_HOME: join(work, 'xdg') },
    args: ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().includes(CUSTOMER_EXTENSION.id));
  const worker = (await target.worker())!;
  const browserFigures = await worker.evaluate(
    async (name: string, v: number, coldStarts: number, roundTrips: number) => {
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
      const connect: number[] = [];
      for (let i = 0; i < coldStarts; i++) {
        const t0 = performance.now();
        const port = chrome.runtime.connectNative(name);
        await ask(port, { type: 'hello', id: 'h', v });
        connect.push(performance.now() - t0);
        port.disconnect();
        await new Promise((r) => setTimeout(r, 100));
      }
      const port = chrome.runtime.connectNative(name);
      await ask(port, { type: 'hello', id: 'h', v });
      const rtt: number[] = [];
      for (let i = 0; i < roundTrips + 50; i++) {
        const t0 = performance.now();
        await ask(port, { type: 'control.revoke', id: `r${i}` });
        if (i >= 50) rtt.push(performance.now() - t0);
      }
      port.disconnect();
      return { connect, rtt };
    },
    NATIVE_HOST_NAME,
    NATIVE_PROTOCOL_VERSION,
    COLD_STARTS,
    ROUND_TRIPS,
  );
  await browser.close();

  // --- the same host over stdio from Node -------------------------------------------
  const direct: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    const t0 = performance.now();
    const host = spawnHost(hostPath, [ORIGIN], env);
    host.send({ type: 'hello', id: 'h', v: NATIVE_PROTOCOL_VERSION });
    await host.next();
    direct.push(performance.now() - t0);
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
  const x = await connectX11(xvfb.display);
  const pointerAt = (px: number, py: number) =>
    new Promise<boolean>((resolve) =>
      x.client.QueryPointer(x.root, (_e: unknown, p: { rootX: number; rootY: number }) => resolve(p.rootX === px && p.rootY === py)),
    );
  const waitPointer = async (px: number, py: number) => {
    while (!(await pointerAt(px, py))) {
      // QueryPointer is a round trip to the X server: this polls as fast as X answers.
    }
  };
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
    await waitPointer(px, py);
    xdotoolMoves.push(performance.now() - t0);
    const qx = px + 3;
    const qy = py + 3;
    t0 = performance.now();
    host.send({ type: 'pointer.move', x: qx / 1279, y: qy / 799 });
    await waitPointer(qx, qy);
    hostMoves.push(performance.now() - t0);
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

  console.log(`\nNative host (installed SEA build, Xvfb ${xvfb.display}), Node ${process.version}`);
  line('connectNative -> hello reply (Chromium)', browserFigures.connect);
  line('baseline: spawn host -> hello reply (Node)', direct);
  line('round trip, extension worker <-> host', browserFigures.rtt);
  line('baseline: round trip over stdio from Node', stdioRtt);
  line('input: pointer.move -> X pointer there', hostMoves);
  line('baseline: xdotool mousemove -> X pointer there', xdotoolMoves);
  line("customer's key down -> host's localInput", keyNotices);
  line('baseline: key down -> QueryKeymap shows it', keymapSeen);
} finally {
  rmSync(work, { recursive: true, force: true });
  rmSync(build.dir, { recursive: true, force: true });
  await xvfb.close();
}
