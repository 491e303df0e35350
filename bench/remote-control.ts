/**
 * Remote-control input latency, end to end, in one run (`npm run bench:control`:
 * real Chromium for both parties and the installed helper under one Xvfb, in a
 * loopback-only network namespace). The customer shares the entire screen and
 * allows Elevate; the representative turns Control on. Measured: a mouse move
 * dispatched to the console's video (the browser event) until the customer's
 * X pointer is there: console -> PeerJS data channel -> customer side panel ->
 * background gatekeeper -> native messaging -> helper -> XTest. Baseline, same
 * run: `xdotool mousemove` until the pointer is there. Both polled with X
 * QueryPointer round trips. p50 / p99.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { startServerProcess } from '../e2e/src/harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from '../e2e/src/harness/browser.ts';
import { button, waitForRoleText, waitForText } from '../e2e/src/harness/ui.ts';
import { startChatAndAccept } from '../e2e/src/harness/session.ts';
import { elevateAndInstall, screenSize } from '../e2e/src/harness/helper.ts';
import { buildThrowawayInstaller } from '../installers/src/testing.ts';
import { connectX11 } from '../native-host/src/platform/x11-client.ts';

const MOVES = Number(process.env.BENCH_MOVES ?? 200);
const VIDEO = "Customer's screen";
const run = promisify(execFile);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;
const line = (name: string, xs: number[]) =>
  console.log(`  ${name.padEnd(50)} p50 ${pct(xs, 50).toFixed(2).padStart(8)} ms   p99 ${pct(xs, 99).toFixed(2).padStart(8)} ms   (n=${xs.length})`);

const build = await buildThrowawayInstaller();
const work = mkdtempSync(join(tmpdir(), 'rs-bench-control-'));
const downloads = join(work, 'Downloads');
const home = join(work, 'home');
mkdirSync(downloads);
mkdirSync(home);
const server = await startServerProcess({ INSTALLERS_DIR: build.dir });
let browsers: ExtensionBrowser[] = [];
try {
  const [consoleBrowser, customerBrowser] = (browsers = await Promise.all([
    launchWithExtension('console'),
    launchWithExtension('customer', { args: ['--auto-select-desktop-capture-source=Entire screen'] }),
  ]));
  const cdp = await customerBrowser!.browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  const { rep, customer } = await startChatAndAccept(server, consoleBrowser!, customerBrowser!, 'Bench', { recording: false });
  await elevateAndInstall(rep, customer, customerBrowser!, { downloads, home, installersDir: build.dir });
  await button(rep, 'Share Screen').click();
  await waitForText(customer, 'alertdialog', 'Screen sharing request', 'asks to view your screen');
  await button(customer, 'Allow').click();
  await rep.waitForFunction((label) => ((document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, { timeout: 20_000 }, VIDEO);
  // One display for both parties: the console's window goes beside the screen, out of the pointer's reach.
  const repCdp = await rep.createCDPSession();
  const { windowId } = await repCdp.send('Browser.getWindowForTarget');
  const screen = screenSize();
  await repCdp.send('Browser.setWindowBounds', { windowId, bounds: { left: screen.width + 20, top: 0 } });
  await button(rep, 'Control').click();
  await waitForRoleText(rep, 'status', 'Control is on');

  const box = await rep.evaluate((label) => {
    const v = document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement;
    const r = v.getBoundingClientRect();
    const scale = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
    return { left: r.left + (r.width - v.videoWidth * scale) / 2, top: r.top + (r.height - v.videoHeight * scale) / 2, width: v.videoWidth * scale, height: v.videoHeight * scale };
  }, VIDEO);

  const x = await connectX11();
  const pointer = () =>
    new Promise<{ x: number; y: number }>((resolve) => x.client.QueryPointer(x.root, (_e: unknown, p: { rootX: number; rootY: number }) => resolve({ x: p.rootX, y: p.rootY })));
  const waitNear = async (px: number, py: number, tolerance: number) => {
    for (;;) {
      const p = await pointer();
      if (Math.abs(p.x - px) <= tolerance && Math.abs(p.y - py) <= tolerance) return;
    }
  };
  const targets = Array.from({ length: MOVES }, (_, i) => ({ fx: 0.15 + (i % 2) * 0.6 + (i % 17) * 0.005, fy: 0.2 + (i % 2) * 0.5 + (i % 13) * 0.005 }));
  const pixel = (t: { fx: number; fy: number }) => ({ x: Math.round(t.fx * (screen.width - 1)), y: Math.round(t.fy * (screen.height - 1)) });

  // Baseline first: the helper would take xdotool for the customer's own mouse and hold off.
  const xdotool: number[] = [];
  for (const t of targets) {
    const p = pixel(t);
    const t0 = performance.now();
    await run('xdotool', ['mousemove', String(p.x), String(p.y)]);
    await waitNear(p.x, p.y, 0);
    xdotool.push(performance.now() - t0);
  }
  // Let the helper's hold-off after those "local" moves run out.
  await rep.mouse.move(box.left + box.width / 2, box.top + box.height / 2);
  await new Promise((r) => setTimeout(r, 2500));

  const console_: number[] = [];
  for (const t of targets) {
    const p = pixel(t);
    const t0 = performance.now();
    await rep.mouse.move(box.left + t.fx * box.width, box.top + t.fy * box.height);
    await waitNear(p.x, p.y, 3);
    console_.push(performance.now() - t0);
  }
  x.close();

  console.log(`\nRemote control input latency (Xvfb ${process.env.DISPLAY}, screen ${screen.width}x${screen.height}, shown at ${Math.round(box.width)}x${Math.round(box.height)} in the console), Node ${process.version}`);
  line("console mouse move -> customer's X pointer there", console_);
  line('baseline: xdotool mousemove -> X pointer there', xdotool);
} finally {
  await Promise.all(browsers.map((b) => b.close()));
  await server.stop();
  rmSync(work, { recursive: true, force: true });
  rmSync(build.dir, { recursive: true, force: true });
}
