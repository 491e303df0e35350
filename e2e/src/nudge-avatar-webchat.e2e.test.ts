import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, pageText, waitForRoleText, waitForText } from './harness/ui.ts';
import { adminApi, extensionStart, signInConsole } from './harness/click-to-chat.ts';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC';

/** Polls without animation frames, which background tabs do not get. */
const until = (page: Page, fn: () => boolean) => page.waitForFunction(fn, { polling: 100, timeout: 10_000 });

/**
 * In a session: the representative's photo (full client only), a nudge that
 * focuses the chat and sounds an alert, the remembered font size; the web chat
 * asks for notification permission; a disabled site offers no chat.
 */
describe('click-to-chat: nudge, font size, avatar, web chat', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let webBrowser: ExtensionBrowser;
  let rep: Page;
  let customer: Page;
  const dir = mkdtempSync(join(tmpdir(), 'rs-avatar-'));

  beforeAll(async () => {
    server = await startServerProcess({ CUSTOMER_GRACE_MS: '30000' });
    // Prompts are denied automatically, so the permission state shows whether the page asked.
    [consoleBrowser, customerBrowser, webBrowser] = await Promise.all([
      launchWithExtension('console'),
      launchWithExtension('customer'),
      launchWithExtension('customer', { args: ['--deny-permission-prompts'] }),
    ]);
    rep = await signInConsole(consoleBrowser, server.url);
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), customerBrowser?.close(), webBrowser?.close()]);
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a representative uploads a photo; it shows in the extension chat', async () => {
    const file = join(dir, 'me.png');
    writeFileSync(file, Buffer.from(PNG, 'base64'));
    await button(rep, 'Settings').click();
    await byRole(rep, 'heading', 'Your photo').wait();
    const input = (await rep.waitForSelector('input[type="file"]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(file);
    await waitForRoleText(rep, 'status', 'Photo saved.');
    await button(rep, 'Settings').click();

    customer = await extensionStart(customerBrowser, server.url, 'Ava Avatar');
    await button(rep, 'Accept Ava Avatar').click();
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');
    const img = await byRole(customer, 'image', 'Photo of Administrator').waitHandle();
    expect(await customer.waitForFunction((e) => (e as HTMLImageElement).naturalWidth === 8, {}, img)).toBeTruthy();
  });

  it('a nudge brings the chat to the front, sounds the alert and shows in the chat', async () => {
    const other = await customerBrowser.browser.newPage();
    await other.goto(`${server.url}/healthz`);
    await other.bringToFront();
    await until(customer, () => document.visibilityState === 'hidden');
    await rep.bringToFront();
    await button(rep, 'Nudge').click();
    await until(customer, () => document.visibilityState === 'visible');
    await until(customer, () => document.querySelector('[data-alerts-sounded="1"]')?.textContent === 'Nudge received.');
    await waitForText(customer, 'log', 'Conversation', 'Administrator sent a nudge.');
    await other.close();
  });

  it('the font size and an unsent draft are remembered across a reload', async () => {
    await customer.bringToFront();
    await button(customer, 'Larger text').click();
    await button(customer, 'Larger text').click();
    await until(customer, () => document.querySelector('main')?.getAttribute('data-font-size') === '20');
    await byRole(customer, 'textbox', 'Message').fill('half-typed, not sent');
    await new Promise((r) => setTimeout(r, 300));
    await customer.reload();
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');
    await customer.waitForSelector('main[data-font-size="20"]', { timeout: 10_000 });
    expect(await customer.$eval('[role="log"]', (log) => getComputedStyle(log).fontSize)).toBe('20px');
    // The unsent draft is kept too (IndexedDB through Dexie).
    expect(await byRole(customer, 'textbox', 'Message').map((e) => (e as HTMLTextAreaElement).value).wait()).toBe('half-typed, not sent');
  });

  it('the web chat asks for notification permission, and shows no photo', async () => {
    const page = await webBrowser.browser.newPage();
    await page.goto(`${server.url}/`);
    await byRole(page, 'textbox', 'Your name').fill('Wes Web');
    expect(await page.evaluate(() => Notification.permission)).toBe('default');
    await button(page, 'Start chat').click();
    // Only a request can turn "default" into "denied" (prompts are denied automatically in this browser).
    await until(page, () => Notification.permission === 'denied');
    await rep.bringToFront();
    await button(rep, 'Accept Wes Web').click();
    await page.bringToFront();
    await waitForRoleText(page, 'status', 'You are chatting with Administrator.');
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(await pageText(page)).not.toContain('Photo of');
  });

  it('a disabled site says so and offers no chat', async () => {
    await rep.bringToFront();
    await button(rep, 'Settings').click();
    await fill(rep, 'New site name', 'Closed site');
    await fill(rep, 'New site path', '/closed');
    await button(rep, 'Add site').click();
    await rep.waitForFunction(() => (document.querySelector('select') as HTMLSelectElement | null)?.selectedOptions[0]?.textContent === 'Closed site (/closed)');
    await byRole(rep, 'checkbox', 'Click-to-chat enabled').click();
    await button(rep, 'Save site').click();
    await waitForRoleText(rep, 'status', 'Site saved.');
    await button(rep, 'Settings').click();
    const page = await webBrowser.browser.newPage();
    await page.goto(`${server.url}/closed`);
    await waitForRoleText(page, 'status', 'Chat with support is not available on this site right now.');
    expect(await byRole(page, 'button', 'Start chat').setTimeout(300).wait().then(() => true, () => false)).toBe(false);
    expect(await byRole(page, 'textbox', 'Your name').setTimeout(300).wait().then(() => true, () => false)).toBe(false);
    // The default site still offers chat.
    await page.goto(`${server.url}/`);
    await byRole(page, 'button', 'Start chat').wait();
  });

  it('a site set to the full client asks for the extension instead of offering web chat', async () => {
    await (await adminApi(server.url)).configure({ startMode: 'full' }, '/app', 'App site');
    const page = await webBrowser.browser.newPage();
    await page.goto(`${server.url}/app`);
    await waitForRoleText(page, 'status', 'Install the Remote Support browser extension');
    expect(await byRole(page, 'button', 'Start chat').setTimeout(300).wait().then(() => true, () => false)).toBe(false);
  });
});
