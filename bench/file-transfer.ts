/**
 * File transfer figures from one run, in real Chromium under Xvfb (run it with
 * `npm run bench:files`, which provides the display and a loopback-only
 * network namespace). A 5 MB file goes customer -> representative peer to
 * peer, then through the server relay (a second customer browser that cannot
 * make a direct connection), alternating, BENCH_ROUNDS (3) times each. Timed in
 * the representative's page: peer to peer from Accept file to "Received,
 * checksum verified" (with the first progress shown and the bytes moving); the
 * relay from the switch to the relay (after the 5 s wait for a direct
 * connection) to "checksum verified". Baseline from the same run: the relay.
 * BENCH_BIG_BYTES (e.g. 52428800) adds one larger file each way at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { startServerProcess } from '../e2e/src/harness/server.ts';
import { launchWithExtension } from '../e2e/src/harness/browser.ts';
import { button } from '../e2e/src/harness/ui.ts';
import { startChatAndAccept } from '../e2e/src/harness/session.ts';
import { ratio, tableRow } from './table.ts';
import { benchDeadline } from './deadline.ts';

const SIZE = Number(process.env.BENCH_FILE_BYTES ?? 5 * 1024 * 1024);
const BIG = Number(process.env.BENCH_BIG_BYTES ?? 0);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'rs-bench-files-'));
let files = 0;

interface Timing {
  total: number;
  relay: number | null;
  first: number;
  moving: number;
}

/** One transfer; ms from Accept to verified, to the first progress shown, and from the switch to the relay (if any) to verified. */
async function transfer(customer: Page, rep: Page, size: number): Promise<Timing> {
  const name = `file-${files++}.bin`;
  const path = join(dir, name);
  writeFileSync(path, randomBytes(size));
  const [chooser] = await Promise.all([customer.waitForFileChooser(), button(customer, 'Send file').click()]);
  await chooser.accept([path]);
  await rep.waitForFunction((n) => document.body.innerText.includes(`wants to send you ${n}`), { polling: 50 }, name);
  await rep.evaluate(() => {
    const w = globalThis as unknown as { __t: Record<string, number>; __obs?: MutationObserver };
    w.__obs?.disconnect();
    w.__t = { accept: performance.now() };
    w.__obs = new MutationObserver(() => {
      const rows = [...document.querySelectorAll('[data-route]')];
      const last = rows[rows.length - 1];
      if (last?.getAttribute('data-route') === 'relay' && !w.__t.relay) w.__t.relay = performance.now();
      const bar = last?.querySelector('[role="progressbar"]');
      if (bar && Number(bar.getAttribute('aria-valuenow')) > 0 && !w.__t.first) w.__t.first = performance.now();
      if (last?.textContent?.includes('Received, checksum verified') && !w.__t.done) w.__t.done = performance.now();
    });
    w.__obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const buttons = await rep.$$('::-p-aria([name="Accept file"][role="button"])');
  await buttons[buttons.length - 1]!.click();
  await rep.waitForFunction(() => (globalThis as unknown as { __t: Record<string, number> }).__t.done, { polling: 50, timeout: 120_000 });
  const t = await rep.evaluate(() => (globalThis as unknown as { __t: Record<string, number> }).__t);
  const first = (t.first ?? t.done!) - t.accept!;
  return { total: t.done! - t.accept!, relay: t.relay ? t.done! - t.relay : null, first, moving: t.done! - t.accept! - first };
}

/**
 * The transport alone: two RTCPeerConnections in one extension page (it may offer loopback addresses), SIZE bytes in
 * 128 KiB messages with the same flow control (queue between 1 and 4 MiB), until the far end has them all.
 */
async function rawDataChannel(page: Page, size: number): Promise<number> {
  return page.evaluate(async (size) => {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    a.onicecandidate = (e) => void (e.candidate && b.addIceCandidate(e.candidate));
    b.onicecandidate = (e) => void (e.candidate && a.addIceCandidate(e.candidate));
    const dc = a.createDataChannel('raw');
    dc.binaryType = 'arraybuffer';
    const got = new Promise<void>((resolve) => {
      b.ondatachannel = (e) => {
        let n = 0;
        e.channel.onmessage = (m) => void ((n += (m.data as ArrayBuffer).byteLength) >= size && resolve());
      };
    });
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription!);
    await new Promise((resolve) => (dc.onopen = resolve));
    const chunk = new Uint8Array(128 * 1024);
    dc.bufferedAmountLowThreshold = 1 << 20;
    const t0 = performance.now();
    for (let sent = 0; sent < size; sent += chunk.byteLength) {
      if (dc.bufferedAmount > 4 << 20) await new Promise((r) => dc.addEventListener('bufferedamountlow', r, { once: true }));
      dc.send(chunk.subarray(0, Math.min(chunk.byteLength, size - sent)));
    }
    await got;
    const ms = performance.now() - t0;
    a.close();
    b.close();
    return ms;
  }, size);
}

/** UDP datagrams the kernel dropped for a full socket buffer in this network namespace (SCTP then backs off). */
function udpDrops(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8').split('\n').filter((l) => l.startsWith('Udp:'));
  const [names, values] = lines.map((l) => l.split(/\s+/));
  return Number(values?.[names?.indexOf('RcvbufErrors') ?? -1] ?? NaN);
}

const mbps = (bytes: number, ms: number) => bytes / 1048576 / (ms / 1000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');

const deadline = benchDeadline('file-transfer', 150);
const server = await startServerProcess({ CUSTOMER_GRACE_MS: '60000' });
deadline.onExpiry(() => server.stop());
const [consoleBrowser, consoleBrowser2, direct, noDirect] = await Promise.all([
  launchWithExtension('console'),
  launchWithExtension('console'),
  launchWithExtension('customer'),
  launchWithExtension('customer', { loopbackPeers: false }),
]);
try {
  const a = await startChatAndAccept(server, consoleBrowser, direct, 'Ada', { recording: false });
  const b = await startChatAndAccept(server, consoleBrowser2, noDirect, 'Grace', { recording: false });
  const p2p: Timing[] = [];
  const relay: Timing[] = [];
  const raw: number[] = [];
  const dropsBefore = udpDrops();
  // Alternating rounds: the machine is shared, so both see the same load.
  for (let i = 0; i < ROUNDS; i++) {
    p2p.push(await transfer(a.customer, a.rep, SIZE));
    relay.push(await transfer(b.customer, b.rep, SIZE));
    raw.push(await rawDataChannel(a.customer, SIZE));
  }
  const drops = udpDrops() - dropsBefore;
  const p2pMs = median(p2p.map((r) => r.total));
  const relayMs = median(relay.map((r) => r.relay ?? NaN));
  const mb = (SIZE / 1048576).toFixed(1);
  console.log(`file transfer, ${mb} MB, median of ${ROUNDS} alternating rounds, Accept file -> "Received, checksum verified":`);
  console.log(`  peer to peer (128 KiB chunks, SHA-256 per 1 MiB window, queue kept 1-4 MiB): ${p2pMs.toFixed(0)} ms  (${mbps(SIZE, p2pMs).toFixed(1)} MB/s)  runs ${list(p2p.map((r) => r.total))}`);
  console.log(`    Accept -> first progress shown (peer ids, ICE, data channel, first chunks): ${median(p2p.map((r) => r.first)).toFixed(0)} ms`);
  console.log(`    first progress -> checksum verified: ${median(p2p.map((r) => r.moving)).toFixed(0)} ms`);
  console.log(`  relay alone (upload then download, 512 KB requests): ${relayMs.toFixed(0)} ms  (${mbps(SIZE, relayMs).toFixed(1)} MB/s)  runs ${list(relay.map((r) => r.relay ?? NaN))}`);
  console.log(`  the transport alone (a raw data channel between two peer connections in one page, same flow control): ${median(raw).toFixed(0)} ms  (${mbps(SIZE, median(raw)).toFixed(1)} MB/s)  runs ${list(raw)}`);
  console.log(`  UDP datagrams dropped by the kernel for a full receive buffer during the rounds: ${drops}`);
  console.log(`  relay fallback incl. the 5 s direct attempt: ${median(relay.map((r) => r.total)).toFixed(0)} ms`);
  if (BIG > 0) {
    const bigP2p = await transfer(a.customer, a.rep, BIG);
    const bigRelay = await transfer(b.customer, b.rep, BIG);
    console.log(`  ${(BIG / 1048576).toFixed(0)} MB once each: peer to peer ${bigP2p.total.toFixed(0)} ms (${mbps(BIG, bigP2p.total).toFixed(1)} MB/s), relay alone ${bigRelay.relay?.toFixed(0)} ms (${mbps(BIG, bigRelay.relay ?? NaN).toFixed(1)} MB/s)`);
  }
  tableRow(
    `file, ${mb} MB peer to peer`,
    `${mbps(SIZE, p2pMs).toFixed(1)} MB/s (${(p2pMs / 1000).toFixed(2)} s)`,
    `the server relay on the same machine ${mbps(SIZE, relayMs).toFixed(1)} MB/s`,
    `${ratio(mbps(SIZE, p2pMs), mbps(SIZE, relayMs))} the relay's throughput`,
  );
} finally {
  await Promise.all([consoleBrowser.close(), consoleBrowser2.close(), direct.close(), noDirect.close()]);
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
