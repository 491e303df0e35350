import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, WebWorker } from 'puppeteer-core';
import { CUSTOMER_EXTENSION } from '@rs/protocol';
import { decodePng } from '../../extension/scripts/icons/png.ts';
import { startServerProcess, REPO_ROOT, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, waitForRoleText, waitForText } from './harness/ui.ts';
import { extensionStart, signInConsole } from './harness/click-to-chat.ts';
import { clickScreen, notificationToasts } from './harness/toast.ts';

/** The extension API as the worker and the chat page see it (e2e has no chrome types). */
type Chrome = { notifications: { getAll(): Promise<Record<string, boolean>>; create: (...args: unknown[]) => unknown } };
type Spied = { created: unknown[][] };

const poll = async <T>(fn: () => Promise<T>, ok: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};
/** Polls without animation frames, which background tabs do not get. */
const until = (page: Page, fn: () => boolean) => page.waitForFunction(fn, { polling: 100, timeout: 10_000 });

/**
 * The customer extension's chat notifications in a real Chromium: the
 * representative writes while the chat is hidden; the browser holds one
 * notification with the representative's name and text; a real click on it
 * brings the chat back and clears it; focusing the chat clears them too.
 */
describe('extension chat notifications and icons', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let rep: Page;
  let customer: Page;
  let worker: WebWorker;
  /** What the chat page passed to the browser's notifications API (it passes through to the real one). */
  const created = () => customer.evaluate(() => (window as unknown as Spied).created);
  const live = () => worker.evaluate(async () => Object.keys(await (globalThis as unknown as { chrome: Chrome }).chrome.notifications.getAll()));

  beforeAll(async () => {
    server = await startServerProcess();
    [consoleBrowser, customerBrowser] = await Promise.all([launchWithExtension('console'), launchWithExtension('customer')]);
    rep = await signInConsole(consoleBrowser, server.url);
    const target = await customerBrowser.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${CUSTOMER_EXTENSION.id}/`));
    worker = (await target.worker())!;
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), customerBrowser?.close()]);
    await server?.stop();
  });

  it('each built extension lists its own icons, and the files are there', () => {
    const bytes: Record<string, Buffer> = {};
    for (const app of ['customer', 'console']) {
      const dir = join(REPO_ROOT, 'extension/.output', app, 'chrome-mv3');
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { icons: Record<string, string>; action: { default_icon: Record<string, string> } };
      expect(Object.keys(manifest.icons)).toEqual(['16', '32', '48', '128']);
      expect(manifest.action.default_icon).toEqual(manifest.icons);
      for (const [size, file] of Object.entries(manifest.icons)) {
        expect(existsSync(join(dir, file))).toBe(true);
        const png = decodePng(readFileSync(join(dir, file)));
        expect([png.width, png.height]).toEqual([Number(size), Number(size)]);
      }
      bytes[app] = readFileSync(join(dir, manifest.icons['48']!));
    }
    expect(bytes.customer!.equals(bytes.console!)).toBe(false);
  });

  it('a message while the chat is hidden shows one notification with the representative’s name and text', async () => {
    customer = await extensionStart(customerBrowser, server.url, 'Nora Notify');
    await button(rep, 'Accept Nora Notify').click();
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');
    // Record what the page hands the browser's notifications API; every call still goes through to it.
    await customer.evaluate(() => {
      const api = (globalThis as unknown as { chrome: Chrome }).chrome.notifications;
      const real = api.create.bind(api);
      (window as unknown as Spied).created = [];
      api.create = (...args: unknown[]) => ((window as unknown as Spied).created.push(args), real(...args));
    });
    const other = await customerBrowser.browser.newPage();
    await other.goto(`${server.url}/healthz`);
    await other.bringToFront();
    await until(customer, () => document.visibilityState === 'hidden');
    expect(await live()).toEqual([]);

    await rep.bringToFront();
    await fill(rep, 'Message', 'Your printer is fixed <b>now</b>');
    await button(rep, 'Send').click();
    const [id] = await poll(live, (ids) => ids.length > 0, 'a live notification');
    expect(await live()).toHaveLength(1);
    const calls = await created();
    expect(calls).toHaveLength(1);
    const [createdId, options] = calls[0] as [string, Record<string, string>];
    expect(createdId).toBe(id);
    expect(options).toMatchObject({ type: 'basic', title: 'Administrator', message: 'Your printer is fixed <b>now</b>', iconUrl: `chrome-extension://${CUSTOMER_EXTENSION.id}/icon/128.png` });
    expect(await worker.evaluate(async (url) => (await fetch(url)).status, options.iconUrl!)).toBe(200);
  });

  it('a real click on the notification brings the chat back and clears it', async () => {
    const [toast] = await poll(async () => notificationToasts(), (t) => t.length === 1, 'the notification on screen');
    // The body of the popup (its close button is at the top right).
    clickScreen(toast!.x + toast!.width / 3, toast!.y + toast!.height / 2);
    await until(customer, () => document.visibilityState === 'visible');
    await poll(live, (ids) => ids.length === 0, 'the notification to be cleared');
    await waitForText(customer, 'log', 'Conversation', 'Your printer is fixed <b>now</b>');
  });

  it('focusing the chat again clears the session’s notifications', async () => {
    const other = await customerBrowser.browser.newPage();
    await other.goto(`${server.url}/healthz`);
    await other.bringToFront();
    await until(customer, () => document.visibilityState === 'hidden');
    await rep.bringToFront();
    await fill(rep, 'Message', 'One more thing');
    await button(rep, 'Send').click();
    await fill(rep, 'Message', 'And another');
    await button(rep, 'Send').click();
    await poll(live, (ids) => ids.length === 2, 'two live notifications');
    await customer.bringToFront();
    await poll(live, (ids) => ids.length === 0, 'the notifications to be cleared');
  });

  it('in the side panel: a click on the notification brings the panel’s window back to the front', async () => {
    const panelBrowser = await launchWithExtension('customer');
    try {
      const web = await panelBrowser.browser.newPage();
      await web.goto(`${server.url}/healthz`);
      const panelWorker = (await (await panelBrowser.browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${CUSTOMER_EXTENSION.id}/`))).worker())!;
      // The toolbar button opens the side panel once the background has said so at start-up.
      type SidePanel = { sidePanel: { getPanelBehavior(): Promise<{ openPanelOnActionClick?: boolean }> } };
      const behaviour = () => panelWorker.evaluate(async () => (await (globalThis as unknown as { chrome: SidePanel }).chrome.sidePanel.getPanelBehavior()).openPanelOnActionClick === true);
      await poll(behaviour, (ok) => ok, 'the toolbar button to open the side panel');
      const extension = (await panelBrowser.browser.extensions()).get(CUSTOMER_EXTENSION.id)!;
      const opened = panelBrowser.browser.waitForTarget((t) => t.url().endsWith('/sidepanel.html'), { timeout: 15_000 });
      await web.triggerExtensionAction(extension);
      const panel = (await (await opened).asPage())!;
      await byRole(panel, 'heading', 'Chat with support').wait();
      await panel.locator('summary').click();
      await fill(panel, 'Support server', server.url);
      await button(panel, 'Save').click();
      await fill(panel, 'Your name', 'Pia Panel');
      await button(panel, 'Start chat').click();
      await rep.bringToFront();
      await button(rep, 'Accept Pia Panel').click();
      await waitForRoleText(panel, 'status', 'You are chatting with Administrator.');
      const panelLive = () => panelWorker.evaluate(async () => Object.keys(await (globalThis as unknown as { chrome: Chrome }).chrome.notifications.getAll()));
      const focusedWindow = () => panelWorker.evaluate(async () => (await (globalThis as unknown as { chrome: { windows: { getLastFocused(): Promise<{ id: number }> } } }).chrome.windows.getLastFocused()).id);
      const chatWindow = await focusedWindow();
      // Another window in front of the chat's.
      const cover = await panelBrowser.browser.newPage({ type: 'window', windowBounds: { left: 0, top: 0, width: 1000, height: 700 } });
      await cover.goto(`${server.url}/healthz`);
      await poll(focusedWindow, (id) => id !== chatWindow, 'another window in front');
      await fill(rep, 'Message', 'Are you still there?');
      await button(rep, 'Send').click();
      const [id] = await poll(panelLive, (ids) => ids.length === 1, 'a live notification');
      expect(id).toContain(`|${chatWindow}||`);
      const [toast] = await poll(async () => notificationToasts(), (t) => t.length === 1, 'the notification on screen');
      clickScreen(toast!.x + toast!.width / 3, toast!.y + toast!.height / 2);
      await poll(focusedWindow, (w) => w === chatWindow, 'the chat’s window in front');
      await poll(panelLive, (ids) => ids.length === 0, 'the notification to be cleared');
      // The side panel opened in place (within the click's user gesture): no chat window of its own.
      await new Promise((r) => setTimeout(r, 500));
      expect(panelBrowser.browser.targets().filter((t) => t.url().endsWith('/sidepanel.html'))).toHaveLength(1);
      const popups = await panelWorker.evaluate(async () => (await (globalThis as unknown as { chrome: { windows: { getAll(o: object): Promise<unknown[]> } } }).chrome.windows.getAll({ windowTypes: ['popup'] })).length);
      expect(popups).toBe(0);
    } finally {
      await panelBrowser.close();
    }
  });
});
