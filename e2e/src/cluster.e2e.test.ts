import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'puppeteer-core';
import type { TranscriptResponse } from '@rs/protocol';
import { buildThrowawayInstaller } from '../../installers/src/testing.ts';
import { startCluster, type Cluster, type ClusterNode } from './harness/cluster.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { ADMIN_PASSWORD } from './harness/server.ts';
import { adminApi, extensionStart, signIn } from './harness/click-to-chat.ts';
import { button, byRole, fill, waitForRoleText, waitForText } from './harness/ui.ts';
import { BLUE, GREEN, openPattern, RED, screenStripes, waitForColours, YELLOW } from './harness/screen.ts';
import { elevateAndInstall, expectHelperRemoved, screenSize } from './harness/helper.ts';
import { pointAt, shareScreen, VIDEO } from './harness/helper-rig.ts';

/**
 * Issue 11 end to end: three server processes behind a real HAProxy, one
 * PostgreSQL, one Redis. The customer's extension points at the balancer's
 * port that prefers node A, the representatives' consoles at the ports that
 * prefer B and C (the same balancer: when a node dies, its port reaches the
 * others). Chat, screen share, file transfer and elevated control across
 * nodes; `kill -9` of the customer's node mid-session; Hold on B and a
 * takeover on C, where consent is asked again and the old peer socket ends.
 */
const BOB_PASSWORD = 'bob-builder-password';
const PATTERN = [RED, GREEN, BLUE, YELLOW];
const work = mkdtempSync(join(tmpdir(), 'rs-cluster-e2e-'));
const downloads = join(work, 'Downloads');
const home = join(work, 'home');
mkdirSync(downloads);
mkdirSync(home);

/** The PeerJS sockets a page has open now, as Chromium's own network log sees them (CDP). */
async function watchPeerSockets(page: Page): Promise<() => number> {
  const cdp: CDPSession = await page.createCDPSession();
  const open = new Set<string>();
  cdp.on('Network.webSocketCreated', (e: { requestId: string; url: string }) => {
    if (new URL(e.url).pathname.startsWith('/peerjs')) open.add(e.requestId);
  });
  cdp.on('Network.webSocketClosed', (e: { requestId: string }) => void open.delete(e.requestId));
  await cdp.send('Network.enable');
  return () => open.size;
}

/** Keeps both browsers' consoles off the shared screen, so the share never shows the console's own view. */
async function besideTheScreen(page: Page): Promise<void> {
  const cdp = await page.createCDPSession();
  const { windowId } = await cdp.send('Browser.getWindowForTarget');
  await cdp.send('Browser.setWindowBounds', { windowId, bounds: { left: screenSize().width + 20, top: 0 } });
}

describe('three nodes behind HAProxy: a customer on node A, representatives on B and C', () => {
  let cluster: Cluster;
  let build: Awaited<ReturnType<typeof buildThrowawayInstaller>>;
  let adminBrowser: ExtensionBrowser;
  let bobBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let admin: Page;
  let bob: Page;
  let customer: Page;
  let pattern: Page;
  let adminPeerSockets: () => number;
  let A: ClusterNode;
  let B: ClusterNode;
  let C: ClusterNode;
  const lines: string[] = [];
  // Each step builds on the one before: after a failure the rest are skipped, not timed out one by one.
  let broken = false;
  beforeEach((ctx) => {
    if (broken) ctx.skip();
    ctx.onTestFailed(() => void (broken = true));
  });

  beforeAll(async () => {
    build = await buildThrowawayInstaller();
    cluster = await startCluster({ nodes: 3, env: { INSTALLERS_DIR: build.dir } });
    // CLUSTER_E2E_PLACE (customer, first and second representative; default `abc`) puts parties on one node to try the steps without the cross-node parts.
    const place = (process.env.CLUSTER_E2E_PLACE ?? 'abc').split('');
    [A, B, C] = [0, 1, 2].map((i) => cluster.node(place[i] ?? 'abc'[i]!)) as [ClusterNode, ClusterNode, ClusterNode];
    const api = await adminApi(cluster.url);
    await api.call('POST', '/api/reps', { username: 'bob', displayName: 'Bob Builder', password: BOB_PASSWORD });
    [adminBrowser, bobBrowser, customerBrowser] = await Promise.all([
      launchWithExtension('console'),
      launchWithExtension('console'),
      launchWithExtension('customer', { args: ['--auto-select-desktop-capture-source=Entire screen'] }),
    ]);
    const cdp = await customerBrowser.browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  }, 180_000);

  afterAll(async () => {
    await Promise.all([adminBrowser?.close(), bobBrowser?.close(), customerBrowser?.close()]);
    await cluster?.close();
    if (build) rmSync(build.dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  const say = async (page: Page, text: string, other: Page) => {
    await fill(page, 'Message', text);
    await button(page, 'Send').click();
    await waitForText(other, 'log', 'Conversation', text);
    lines.push(text);
  };

  it('chat: the customer starts on node A, the representative on node B accepts, and both talk', async () => {
    [admin, bob] = await Promise.all([adminBrowser.open('console.html'), bobBrowser.open('console.html')]);
    await signIn(admin, B.preferUrl, 'admin', ADMIN_PASSWORD);
    await byRole(admin, 'heading', 'Queue').wait();
    adminPeerSockets = await watchPeerSockets(admin);
    await besideTheScreen(admin);
    await besideTheScreen(bob);

    customer = await extensionStart(customerBrowser, A.preferUrl, 'Ada');
    await waitForRoleText(customer, 'status', 'Waiting for a representative…');
    expect(await cluster.servedBy(A.preferUrl)).toBe(A.name);
    expect(await cluster.servedBy(B.preferUrl)).toBe(B.name);
    // The queue notice crosses from A to B.
    await button(admin, 'Accept Ada').click();
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');
    await say(customer, 'Hello from node A', admin);
    await say(admin, 'Hello from node B', customer);
  });

  it('elevated control: Elevate, the customer installs the helper, shares the screen, and the representative drives the pointer', async () => {
    await elevateAndInstall(admin, customer, customerBrowser, { downloads, home, installersDir: build.dir });
    pattern = await openPattern(customerBrowser.browser, 'Pattern', PATTERN);
    await customer.bringToFront();
    await shareScreen(admin, customer);
    await pattern.bringToFront();
    await waitForColours(admin, VIDEO, screenStripes(1280, 800), PATTERN);
    await button(admin, 'Control').click();
    await waitForRoleText(admin, 'status', 'Control is on');
    await pointAt(admin, 0.3, 0.5);
  });

  it('file transfer: a file from the customer on A reaches the representative on B, checksum verified', async () => {
    const data = randomBytes(512 * 1024);
    const path = join(work, 'report.bin');
    writeFileSync(path, data);
    await customer.bringToFront();
    const [chooser] = await Promise.all([customer.waitForFileChooser(), button(customer, 'Send file').click()]);
    await chooser.accept([path]);
    await admin.waitForFunction(() => document.body.innerText.includes('Ada wants to send you report.bin'), { timeout: 15_000 });
    await button(admin, 'Accept file').click();
    await waitForRoleText(admin, 'status', 'Received, checksum verified', 30_000);
    const shown = await admin.$eval('code[aria-label="SHA-256 of report.bin"]', (e) => e.textContent ?? '');
    expect(shown).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('kill -9 node A mid-session: the customer is back through the balancer within 2 s, no line lost, the share shows again', async () => {
    for (let i = 1; i <= 3; i++) await say(customer, `Line ${i} before the crash`, admin);
    await customer.bringToFront();
    // The customer's connection banner, timestamped by the page itself (epoch ms) on every change.
    await customer.evaluate(() => {
      const marks: [number, string][] = ((globalThis as unknown as { __banner: [number, string][] }).__banner = []);
      const slot = document.querySelector('.banner-slot')!;
      new MutationObserver(() => marks.push([performance.timeOrigin + performance.now(), (slot as HTMLElement).innerText.trim()])).observe(slot, { subtree: true, childList: true, characterData: true });
    });
    const killedAt = Date.now();
    await cluster.kill(A);
    await customer.waitForFunction(
      () => {
        const marks = (globalThis as unknown as { __banner: [number, string][] }).__banner;
        const lost = marks.findIndex(([, t]) => t.includes('Reconnecting'));
        return lost >= 0 && marks.slice(lost + 1).some(([, t]) => t === '');
      },
      { timeout: 15_000, polling: 50 },
    );
    const marks = await customer.evaluate(() => (globalThis as unknown as { __banner: [number, string][] }).__banner);
    const backAt = marks.filter(([, t]) => t === '').at(-1)![0];
    const backMs = backAt - killedAt;
    console.log(`cluster e2e: the customer was back ${backMs.toFixed(0)} ms after kill -9 of node A (connections now ${JSON.stringify(await cluster.connections())})`);
    expect(backMs).toBeLessThan(2000);
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');

    await say(customer, 'Still here after the crash', admin);
    await say(admin, 'So am I', customer);
    for (const line of lines) await waitForText(customer, 'log', 'Conversation', line);
    const transcript = await (await adminApi(cluster.url)).call<TranscriptResponse>('GET', `/api/sessions/${await sessionId()}/transcript`);
    const texts = transcript.messages.map((m) => m.text);
    for (const line of lines) expect(texts).toContain(line);

    await pattern.bringToFront();
    await waitForColours(admin, VIDEO, screenStripes(1280, 800), PATTERN, 30_000);
  });

  it('Hold on node B, takeover on node C: every grant ends, the customer is asked again by name, the old peer socket is closed', async () => {
    await admin.bringToFront();
    await button(admin, 'End Session').click();
    await byRole(admin, 'dialog', 'End this session?').wait();
    await button(admin, 'Hold Session').click();
    await customer.bringToFront();
    await waitForRoleText(customer, 'status', 'Waiting for another representative');
    await admin.waitForFunction(() => !document.querySelector('video'), { timeout: 10_000 });
    await expect.poll(adminPeerSockets, { timeout: 10_000 }).toBe(0);

    await signIn(bob, C.preferUrl, 'bob', BOB_PASSWORD);
    await button(bob, 'Accept Ada').click();
    await waitForRoleText(customer, 'status', 'You are chatting with Bob Builder.');
    expect(await cluster.servedBy(C.preferUrl)).toBe(C.name);
    await waitForText(bob, 'log', 'Conversation', 'Still here after the crash');

    // Nothing is shared with Bob until the customer says yes to him.
    await button(bob, 'Share Screen').click();
    await waitForText(customer, 'alertdialog', 'Screen sharing request', 'Bob Builder asks to view your screen.');
    expect(await bob.$(`video[aria-label="${VIDEO}"]`)).toBeNull();
    await button(customer, 'Allow').click();
    await pattern.bringToFront();
    await waitForColours(bob, VIDEO, screenStripes(1280, 800), PATTERN);
    expect(await adminPeerSockets()).toBe(0);
  });

  it('Bob closes the session on node C: the helper removes itself', async () => {
    await bob.bringToFront();
    await button(bob, 'End Session').click();
    await byRole(bob, 'dialog', 'End this session?').wait();
    await button(bob, 'Close Session').click();
    await customer.bringToFront();
    await waitForRoleText(customer, 'status', 'The session has ended.');
    await expectHelperRemoved(home, customerBrowser.userDataDir);
  });

  async function sessionId(): Promise<string> {
    return customer.evaluate(async () => {
      type Area = { get(key: string): Promise<{ customerSession?: { sessionId: string } }> };
      const stored = await (globalThis as unknown as { chrome: { storage: { session: Area } } }).chrome.storage.session.get('customerSession');
      return stored.customerSession?.sessionId ?? '';
    });
  }
});
