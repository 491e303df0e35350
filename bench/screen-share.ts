/**
 * Screen sharing figures from one run, in real Chromium under Xvfb (run it
 * with `npm run bench:screen`, which provides the display and a loopback-only
 * network namespace). The customer shares a 1920x1080 browser tab that
 * animates and flips a marker colour every 250 ms; the console's video frames
 * are watched with requestVideoFrameCallback. The baseline is the same
 * measurement on the customer's own local preview of the capture (no
 * encoder, network or decoder), in the same run.
 *
 * Prints: Allow -> first frame shown, frames per second received at 1080p,
 * and glass-to-glass latency (marker change -> seen in a frame) p50 and p99;
 * then, from getStats over the same window, where a frame's time goes: the
 * sender's captured/encoded frames, encode time, quality limitation, codec,
 * and the console's jitter-buffer delay, decode and processing time per
 * frame. The TABLE row is the "screen, 1920x1080 tab": frames received
 * against frames captured (the sender's media-source count), first frame and
 * glass-to-glass against the local preview.
 */
import type { Page } from 'puppeteer-core';
import { startServerProcess } from '../e2e/src/harness/server.ts';
import { launchWithExtension } from '../e2e/src/harness/browser.ts';
import { button } from '../e2e/src/harness/ui.ts';
import { startChatAndAccept } from '../e2e/src/harness/session.ts';
import { ratio, tableRow } from './table.ts';
import { benchDeadline } from './deadline.ts';

const TITLE = 'Bench pattern';
const WIDTH = 1920;
const HEIGHT = 1080;
const RUN_MS = Number(process.env.BENCH_SCREEN_MS ?? 10_000);
const COLOURS = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** Installs a frame watcher on the <video> with this label: first-frame time, frame count, marker colour changes. */
async function watch(page: Page, label: string): Promise<void> {
  await page.evaluate(
    (label, colours, width, height) => {
      const state = { first: 0, frames: 0, countFrom: 0, seen: [] as { at: number; colour: number }[] };
      (window as unknown as { __bench: typeof state }).__bench = state;
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 1;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      let last = -1;
      const hook = (video: HTMLVideoElement) => {
        const onFrame = () => {
          const at = performance.timeOrigin + performance.now();
          if (!state.first) state.first = at;
          if (state.countFrom && at >= state.countFrom) state.frames++;
          const sx = (100 * video.videoWidth) / width;
          const sy = (100 * video.videoHeight) / height;
          ctx.drawImage(video, sx, sy, 1, 1, 0, 0, 1, 1);
          const d = ctx.getImageData(0, 0, 1, 1).data;
          const colour = colours.findIndex((c) => c.every((v, i) => Math.abs(v - d[i]!) < 60));
          if (colour >= 0 && colour !== last) state.seen.push({ at, colour });
          if (colour >= 0) last = colour;
          video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      };
      const find = () => document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement | null;
      const observer = new MutationObserver(() => {
        const video = find();
        if (video) {
          observer.disconnect();
          hook(video);
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
    },
    label,
    COLOURS,
    WIDTH,
    HEIGHT,
  );
}

type Watched = { first: number; frames: number; seen: { at: number; colour: number }[]; size: [number, number] };
const read = (page: Page, label: string) =>
  page.evaluate((label) => {
    const state = (window as unknown as { __bench: Omit<Watched, 'size'> }).__bench;
    const v = document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement | null;
    return { ...state, size: [v?.videoWidth ?? 0, v?.videoHeight ?? 0] as [number, number] };
  }, label);

/** For each colour change seen, the time since the pattern page made that change. */
function latencies(changes: { at: number; colour: number }[], seen: Watched['seen']): number[] {
  const out: number[] = [];
  for (const s of seen) {
    const change = [...changes].reverse().find((c) => c.colour === s.colour && c.at <= s.at);
    if (change && s.at - change.at < 2000) out.push(s.at - change.at);
  }
  return out.slice(1);
}

/** Keeps every RTCPeerConnection the page makes from now on (peerjs makes them when the call starts), for getStats. */
const keepPeerConnections = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __pcs: RTCPeerConnection[]; RTCPeerConnection: typeof RTCPeerConnection };
    if (w.__pcs) return;
    w.__pcs = [];
    const Original = w.RTCPeerConnection;
    w.RTCPeerConnection = class extends Original {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        w.__pcs.push(this);
      }
    } as typeof RTCPeerConnection;
  });

type Rtc = Record<string, number | string>;
/** The video stats of the page's media connection: its inbound-rtp or outbound-rtp, media-source, codec and candidate pair, flattened. */
const rtcStats = (page: Page) =>
  page.evaluate(async () => {
    const out: Record<string, number | string> = {};
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      const all = [...report.values()] as Record<string, unknown>[];
      const rtp = all.find((s) => (s.type === 'inbound-rtp' || s.type === 'outbound-rtp') && s.kind === 'video');
      if (!rtp) continue;
      const pair = all.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
      const source = all.find((s) => s.type === 'media-source' && s.kind === 'video');
      const codec = all.find((s) => s.type === 'codec' && s.id === rtp.codecId);
      for (const [prefix, stat] of [['', rtp], ['source.', source], ['pair.', pair]] as const)
        for (const [k, v] of Object.entries(stat ?? {})) if (typeof v === 'number' || typeof v === 'string') out[prefix + k] = v;
      out.codec = String(codec?.mimeType ?? '?');
      const sender = pc.getSenders().find((x) => x.track?.kind === 'video');
      const receiver = pc.getReceivers().find((x) => x.track?.kind === 'video') as (RTCRtpReceiver & { jitterBufferTarget?: number | null }) | undefined;
      if (sender) out.hint = `${sender.track!.contentHint || '(none)'}, ${(sender.getParameters() as { degradationPreference?: string }).degradationPreference ?? '(default)'}`;
      if (receiver && rtp.type === 'inbound-rtp') out.jitterTarget = String(receiver.jitterBufferTarget ?? '(default)');
    }
    return out;
  });

const num = (s: Rtc, k: string) => (typeof s[k] === 'number' ? (s[k] as number) : NaN);
const delta = (a: Rtc, b: Rtc, k: string) => num(b, k) - num(a, k);
/** Milliseconds per frame of a cumulative seconds counter over a window. */
const perFrame = (a: Rtc, b: Rtc, total: string, count: string) => (1000 * delta(a, b, total)) / delta(a, b, count);

async function main(): Promise<void> {
  if (!process.env.DISPLAY) throw new Error('run under a display: npm run bench:screen');
  const deadline = benchDeadline('screen-share', 150);
  const server = await startServerProcess();
  deadline.onExpiry(() => server.stop());
  // The 1920x1080 pattern window covers both parties' windows on the 1280x800 display: neither may be throttled as hidden.
  const unthrottled = ['--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows', '--disable-background-timer-throttling'];
  const consoleBrowser = await launchWithExtension('console', { args: unthrottled });
  const customerBrowser = await launchWithExtension('customer', { args: [...unthrottled, `--auto-select-tab-capture-source-by-title=${TITLE}`] });
  try {
    const { rep, customer } = await startChatAndAccept(server, consoleBrowser, customerBrowser, 'Bench', { recording: false });
    // A window larger than the 1280x800 Xvfb screen, so that the tab itself is 1920x1080 (what tab capture sends).
    const pattern = await customerBrowser.browser.newPage({ type: 'window', windowBounds: { left: 0, top: 0, width: WIDTH, height: HEIGHT + 200 } });
    await pattern.setViewport(null);
    const chrome = await pattern.evaluate(() => window.outerHeight - window.innerHeight);
    await pattern.setViewport(null);
    const cdp = await pattern.createCDPSession();
    const { windowId } = (await cdp.send('Browser.getWindowForTarget')) as { windowId: number };
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { width: WIDTH, height: HEIGHT + chrome } });
    await new Promise((r) => setTimeout(r, 500));
    const inner = await pattern.evaluate(() => [window.innerWidth, window.innerHeight, window.outerWidth, window.outerHeight, devicePixelRatio]);
    console.log(`shared tab: ${inner[0]}x${inner[1]} CSS px (window ${inner[2]}x${inner[3]}, device scale ${inner[4]})`);
    await pattern.setContent(`<!doctype html><title>${TITLE}</title>
      <body style="margin:0;background:#222;overflow:hidden">
      <div id="m" style="position:fixed;left:0;top:0;width:200px;height:200px"></div>
      <div id="bar" style="position:fixed;top:300px;left:0;width:40px;height:600px;background:#ccc"></div>
      <p style="position:fixed;left:260px;top:40px;color:#eee;font:16px sans-serif">Readable text: The quick brown fox jumps over the lazy dog 0123456789</p>
      <script>
        const colours = ${JSON.stringify(COLOURS)}; window.__changes = []; let k = 0;
        const m = document.getElementById('m'), bar = document.getElementById('bar');
        function flip() { const c = k++ % colours.length; m.style.background = 'rgb(' + colours[c].join(',') + ')';
          requestAnimationFrame(() => window.__changes.push({ at: performance.timeOrigin + performance.now(), colour: c })); }
        flip(); setInterval(flip, 250);
        (function move(t) { bar.style.transform = 'translateX(' + ((t / 2) % 1880) + 'px)'; requestAnimationFrame(move); })(0);
      </script>`);
    await watch(rep, "Customer's screen");
    await watch(customer, 'What you are sharing');

    await keepPeerConnections(rep);
    await keepPeerConnections(customer);
    await button(rep, 'Share Screen').click();
    await button(customer, 'Allow').wait();
    const allowAt = await customer.evaluate(() => performance.timeOrigin + performance.now());
    await button(customer, 'Allow').click();
    await rep.waitForFunction(() => (window as unknown as { __bench: { first: number } }).__bench.first > 0, { timeout: 30_000 });
    await pattern.bringToFront();
    // Sharing adds an infobar to the shared tab; grow the window so the tab is 1080 px tall again.
    await new Promise((r) => setTimeout(r, 500));
    const shrunk = await pattern.evaluate(() => window.innerHeight);
    const outer = await pattern.evaluate(() => window.outerHeight);
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { width: WIDTH, height: outer + HEIGHT - shrunk } });
    await new Promise((r) => setTimeout(r, 2000)); // let the encoder ramp up
    const countFrom = Date.now() + 100;
    for (const page of [rep, customer]) await page.evaluate((t) => void ((window as unknown as { __bench: { countFrom: number } }).__bench.countFrom = t), countFrom);
    const [recvA, sendA] = await Promise.all([rtcStats(rep), rtcStats(customer)]);
    await new Promise((r) => setTimeout(r, RUN_MS + 100));
    const [recvB, sendB] = await Promise.all([rtcStats(rep), rtcStats(customer)]);
    const [remote, local, changes] = await Promise.all([
      read(rep, "Customer's screen"),
      read(customer, 'What you are sharing'),
      pattern.evaluate(() => (window as unknown as { __changes: { at: number; colour: number }[] }).__changes),
    ]);
    const seconds = RUN_MS / 1000;
    const g2g = latencies(changes, remote.seen);
    const g2gBase = latencies(changes, local.seen);
    const row = (name: string, value: string, base: string) => console.log(`${name.padEnd(44)} ${value.padStart(12)}   baseline ${base}`);
    console.log(`\nScreen sharing, ${WIDTH}x${HEIGHT} browser tab, ${seconds} s, loopback (baseline: the customer's local preview of the capture)\n`);
    row('Allow -> first frame shown in the console', `${(remote.first - allowAt).toFixed(0)} ms`, `${(local.first - allowAt).toFixed(0)} ms (first local frame)`);
    row(`frames per second received (${remote.size.join('x')})`, `${(remote.frames / seconds).toFixed(1)} fps`, `${(local.frames / seconds).toFixed(1)} fps captured (${local.size.join('x')})`);
    row(`glass-to-glass p50 (${g2g.length} marker changes)`, `${pct(g2g, 50).toFixed(0)} ms`, `${pct(g2gBase, 50).toFixed(0)} ms`);
    row('glass-to-glass p99', `${pct(g2g, 99).toFixed(0)} ms`, `${pct(g2gBase, 99).toFixed(0)} ms`);

    const span = (num(recvB, 'timestamp') - num(recvA, 'timestamp')) / 1000;
    const sendSpan = (num(sendB, 'timestamp') - num(sendA, 'timestamp')) / 1000;
    const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
    console.log(`\nWhere a frame's time goes (getStats over the same ${f1(span)} s)`);
    console.log(`  sender:   codec ${sendB.codec} (${sendB.encoderImplementation ?? '?'}), captured ${f1(delta(sendA, sendB, 'source.frames') / sendSpan)} fps, encoded ${f1(delta(sendA, sendB, 'framesEncoded') / sendSpan)} fps, sent ${f1(delta(sendA, sendB, 'framesSent') / sendSpan)} fps`);
    console.log(`            encode ${f1(perFrame(sendA, sendB, 'totalEncodeTime', 'framesEncoded'))} ms/frame, ${f1((8 * delta(sendA, sendB, 'bytesSent')) / sendSpan / 1e3)} kbit/s, ${sendB.frameWidth}x${sendB.frameHeight}, quality limitation ${sendB.qualityLimitationReason ?? '?'}, content hint and degradation: ${sendB.hint ?? '?'}`);
    console.log(`  receiver: codec ${recvB.codec} (${recvB.decoderImplementation ?? '?'}), decoded ${f1(delta(recvA, recvB, 'framesDecoded') / span)} fps, dropped ${delta(recvA, recvB, 'framesDropped')}, RTT ${f1(1000 * num(recvB, 'pair.currentRoundTripTime'))} ms`);
    console.log(`            jitter buffer ${f1(perFrame(recvA, recvB, 'jitterBufferDelay', 'jitterBufferEmittedCount'))} ms/frame (its target ${f1(perFrame(recvA, recvB, 'jitterBufferTargetDelay', 'jitterBufferEmittedCount'))} ms; jitterBufferTarget ${recvB.jitterTarget ?? '?'}), decode ${f1(perFrame(recvA, recvB, 'totalDecodeTime', 'framesDecoded'))} ms/frame, processing ${f1(perFrame(recvA, recvB, 'totalProcessingDelay', 'framesDecoded'))} ms/frame`);

    const captured = delta(sendA, sendB, 'source.frames') / sendSpan;
    const fps = remote.frames / seconds;
    const fpsBase = local.frames / seconds;
    const first = remote.first - allowAt;
    const firstBase = local.first - allowAt;
    tableRow(
      `screen, ${WIDTH}x${HEIGHT} tab`,
      `${fps.toFixed(1)} fps, first frame ${first.toFixed(0)} ms, glass-to-glass p50 ${pct(g2g, 50).toFixed(0)} ms (p99 ${pct(g2g, 99).toFixed(0)}), ${recvB.codec}`,
      `local preview: ${fpsBase.toFixed(1)} fps (${captured.toFixed(1)} fps captured), first frame ${firstBase.toFixed(0)} ms, ${pct(g2gBase, 50).toFixed(0)} ms (p99 ${pct(g2gBase, 99).toFixed(0)})`,
      `fps ${ratio(fps, captured)} of captured, first frame ${ratio(first, firstBase)}, glass-to-glass ${ratio(pct(g2g, 50), pct(g2gBase, 50))}`,
    );
  } finally {
    await Promise.all([consoleBrowser.close(), customerBrowser.close()]);
    await server.stop();
  }
}

await main();
