import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, waitForRoleText, waitForText } from './harness/ui.ts';
import { startChatAndAccept } from './harness/session.ts';
import { elevateAndInstall, expectHelperRemoved, pointer, screenSize } from './harness/helper.ts';
import { buildThrowawayInstaller } from '../../installers/src/testing.ts';

/**
 * Elevation survives a reload: a pending request is still there after the
 * customer's chat reloads, and after a console reload the server sends the elevation state
 * and the permissions with the session snapshot, so the reloaded console
 * knows the helper is still connected. The share went with the old page; the
 * customer shares again, and the representative turns Control on and moves
 * the customer's X pointer, with no second Elevate.
 */
const VIDEO = "Customer's screen";
const ASKS = 'The representative asks for full control of your computer';

async function overVideo(rep: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  return rep.evaluate(
    (label, fx, fy) => {
      const v = document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement;
      const r = v.getBoundingClientRect();
      const scale = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
      const w = v.videoWidth * scale;
      const h = v.videoHeight * scale;
      return { x: r.left + (r.width - w) / 2 + fx * w, y: r.top + (r.height - h) / 2 + fy * h };
    },
    VIDEO,
    fx,
    fy,
  );
}

async function shareScreen(rep: Page, customer: Page): Promise<void> {
  await button(rep, 'Share Screen').click();
  await waitForText(customer, 'alertdialog', 'Screen sharing request', 'Administrator asks to view your screen.');
  await button(customer, 'Allow').click();
  await button(customer, 'STOP SHARING').wait();
  await rep.waitForFunction((label) => ((document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, { timeout: 20_000 }, VIDEO);
}

describe('elevation after reloads', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let build: { dir: string; installer: string };
  let rep: Page;
  let customer: Page;
  let work: string;
  let home: string;
  const expected = (fx: number, fy: number) => ({ x: Math.round(fx * (screenSize().width - 1)), y: Math.round(fy * (screenSize().height - 1)) });
  const near = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.abs(a.x - b.x) <= 4 && Math.abs(a.y - b.y) <= 4;

  beforeAll(async () => {
    build = await buildThrowawayInstaller();
    work = mkdtempSync(join(tmpdir(), 'rs-e2e-elevation-reload-'));
    home = join(work, 'home');
    mkdirSync(join(work, 'Downloads'));
    mkdirSync(home);
    server = await startServerProcess({ INSTALLERS_DIR: build.dir });
    [consoleBrowser, customerBrowser] = await Promise.all([
      launchWithExtension('console'),
      launchWithExtension('customer', { args: ['--auto-select-desktop-capture-source=Entire screen'] }),
    ]);
    const cdp = await customerBrowser.browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: join(work, 'Downloads') });
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), customerBrowser?.close()]);
    await server?.stop();
    if (build) rmSync(build.dir, { recursive: true, force: true });
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('after reloads of the chat and the console, the request and the helper are known, and Control works again on a new share', async () => {
    ({ rep, customer } = await startChatAndAccept(server, consoleBrowser, customerBrowser, 'Ada Lovelace', { recording: false }));
    // A request pending while the customer's chat reloads is still there after the reload.
    await button(rep, 'Elevate').click();
    await waitForText(customer, 'region', 'Full control request', ASKS);
    await customer.reload();
    await waitForText(customer, 'region', 'Full control request', ASKS);
    await button(customer, 'Refuse').click();
    await waitForRoleText(rep, 'status', 'The customer refused full control.');

    await elevateAndInstall(rep, customer, customerBrowser, { downloads: join(work, 'Downloads'), home, installersDir: build.dir });
    await shareScreen(rep, customer);
    await waitForRoleText(rep, 'status', 'Control is off.');
    // The console's window beside the screen, so the moved pointer never passes over its own view of it.
    const cdp = await rep.createCDPSession();
    const { windowId } = await cdp.send('Browser.getWindowForTarget');
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { left: screenSize().width + 20, top: 0 } });

    await rep.reload();
    // Straight from the snapshot: no new elevation notice has been sent.
    await waitForRoleText(rep, 'status', 'Full control: the support helper is connected.', 20_000);
    expect(await rep.$eval('::-p-aria([name="Elevate"][role="button"])', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    // The old page's view went with it: the customer's side ends that share, the helper stays connected.
    await customer.waitForFunction(() => ![...document.querySelectorAll('button')].some((b) => b.textContent === 'STOP SHARING'), { timeout: 20_000 });
    await waitForRoleText(customer, 'status', 'The representative has full control of your computer.');

    await shareScreen(rep, customer);
    await waitForRoleText(rep, 'status', 'Control is off.');
    await button(rep, 'Control').click();
    await waitForRoleText(rep, 'status', 'Control is on');
    for (const [fx, fy] of [[0.3, 0.4], [0.75, 0.6]] as const) {
      const at = await overVideo(rep, fx, fy);
      await rep.mouse.move(at.x, at.y);
      await expect.poll(pointer, { timeout: 5000 }).toSatisfy((p: { x: number; y: number }) => near(p, expected(fx, fy)));
    }
  });

  it('the session closes: the helper removes itself', async () => {
    await button(rep, 'End Session').click();
    await byRole(rep, 'dialog', 'End this session?').wait();
    await button(rep, 'Close Session').click();
    await waitForRoleText(customer, 'status', 'The session has ended.');
    await expectHelperRemoved(home, customerBrowser.userDataDir);
  });
});
