/**
 * File transfer figures from one run, in real Chromium under Xvfb (run it with
 * `npm run bench:files`, which provides the display and a loopback-only
 * network namespace). A 5 MB file goes customer -> representative three
 * times peer to peer, then three times through the server relay (a customer
 * browser that cannot make a direct connection). Timed in the representative's
 * page from Accept file to "Received, checksum verified"; for the relay also
 * from the switch to the relay (after the 5 s wait for a direct connection).
 * Baseline from the same run: the relay's transfer time alone.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { startServerProcess } from '../e2e/src/harness/server.ts';
import { launchWithExtension } from '../e2e/src/harness/browser.ts';
import { button } from '../e2e/src/harness/ui.ts';
import { startChatAndAccept } from '../e2e/src/harness/session.ts';

const SIZE = Number(process.env.BENCH_FILE_BYTES ?? 5 * 1024 * 1024);
const RUNS = 3;
const dir = mkdtempSync(join(tmpdir(), 'rs-bench-files-'));

/** One transfer; returns ms from Accept to verified, and from the switch to the relay (if any) to verified. */
async function transfer(customer: Page, rep: Page, name: string): Promise<{ total: number; relay: number | null; setup: number; moving: number }> {
  const path = join(dir, name);
  writeFileSync(path, randomBytes(SIZE));
  const [chooser] = await Promise.all([customer.waitForFileChooser(), button(customer, 'Send file').click()]);
  await chooser.accept([path]);
  await rep.waitForFunction((n) => document.body.innerText.includes(`wants to send you ${n}`), { polling: 50 }, name);
  await rep.evaluate(() => {
    const w = globalThis as unknown as { __t: Record<string, number> };
    w.__t = { accept: performance.now() };
    new MutationObserver(() => {
      const rows = [...document.querySelectorAll('[data-route]')];
      const last = rows[rows.length - 1];
      if (last?.getAttribute('data-route') === 'relay' && !w.__t.relay) w.__t.relay = performance.now();
      const bar = last?.querySelector('[role="progressbar"]');
      if (bar && Number(bar.getAttribute('aria-valuenow')) > 0 && !w.__t.first) w.__t.first = performance.now();
      if (bar && Number(bar.getAttribute('aria-valuenow')) === 100 && !w.__t.full) w.__t.full = performance.now();
      if (last?.textContent?.includes('Received, checksum verified') && !w.__t.done) w.__t.done = performance.now();
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const buttons = await rep.$$('::-p-aria([name="Accept file"][role="button"])');
  await buttons[buttons.length - 1]!.click();
  await rep.waitForFunction(() => (globalThis as unknown as { __t: Record<string, number> }).__t.done, { polling: 50, timeout: 120_000 });
  const t = await rep.evaluate(() => (globalThis as unknown as { __t: Record<string, number> }).__t);
  return { total: t.done! - t.accept!, relay: t.relay ? t.done! - t.relay : null, setup: t.first! - t.accept!, moving: t.full! - t.first! };
}

const mbps = (ms: number) => ((SIZE / 1048576) / (ms / 1000)).toFixed(1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const server = await startServerProcess({ CUSTOMER_GRACE_MS: '60000' });
const consoleBrowser = await launchWithExtension('console');
const consoleBrowser2 = await launchWithExtension('console');
const direct = await launchWithExtension('customer');
const noDirect = await launchWithExtension('customer', { loopbackPeers: false });
try {
  const a = await startChatAndAccept(server, consoleBrowser, direct, 'Ada', { recording: false });
  const p2p: number[] = [];
  const setup: number[] = [];
  const moving: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await transfer(a.customer, a.rep, `p2p-${i}.bin`);
    p2p.push(r.total);
    setup.push(r.setup);
    moving.push(r.moving);
  }
  const b = await startChatAndAccept(server, consoleBrowser2, noDirect, 'Grace', { recording: false });
  const relayTotal: number[] = [];
  const relayOnly: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await transfer(b.customer, b.rep, `relay-${i}.bin`);
    relayTotal.push(r.total);
    relayOnly.push(r.relay ?? NaN);
  }
  console.log(`file transfer, ${(SIZE / 1048576).toFixed(1)} MB, median of ${RUNS}, Accept file -> checksum verified:`);
  console.log(`  peer to peer (raw frames, 64 KB, 16 in flight): ${median(p2p).toFixed(0)} ms  (${mbps(median(p2p))} MB/s)  runs ${p2p.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`    of which Accept -> first byte (peer ids, ICE, data channel): ${median(setup).toFixed(0)} ms`);
  console.log(`    of which first byte -> last byte received:                ${median(moving).toFixed(0)} ms`);
  console.log(`  relay alone (upload then download, 512 KB):   ${median(relayOnly).toFixed(0)} ms  (${mbps(median(relayOnly))} MB/s)  runs ${relayOnly.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`  relay fallback incl. the 5 s direct attempt:  ${median(relayTotal).toFixed(0)} ms`);
} finally {
  await Promise.all([consoleBrowser.close(), consoleBrowser2.close(), direct.close(), noDirect.close()]);
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
