import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, waitForText } from './harness/ui.ts';
import { adminToken, liveRequestFrom, startChatAndAccept } from './harness/session.ts';

/**
 * A conversation longer than a snapshot holds: after a reload each side sees
 * only the recent lines, and "Show earlier messages" brings back the rest, down
 * to the first line.
 */
describe('a long conversation pages back with Show earlier messages', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let rep: Page;
  let customer: Page;

  beforeAll(async () => {
    server = await startServerProcess({ HELLO_TRANSCRIPT_LINES: '5', CUSTOMER_GRACE_MS: '30000' });
    [consoleBrowser, customerBrowser] = await Promise.all([launchWithExtension('console'), launchWithExtension('customer')]);
    ({ rep, customer } = await startChatAndAccept(server, consoleBrowser, customerBrowser, 'Hana History', { recording: false }));
    await customer.bringToFront();
    const token = await adminToken(server.url);
    const sessionId = await customer.evaluate(async () => {
      type Area = { get(key: string): Promise<{ customerSession?: { sessionId: string } }> };
      const stored = await (globalThis as unknown as { chrome: { storage: { session: Area } } }).chrome.storage.session.get('customerSession');
      return stored.customerSession?.sessionId ?? '';
    });
    for (let i = 1; i <= 12; i++) {
      const answer = await liveRequestFrom(rep, server.url, token, { type: 'chat.send', sessionId, text: `Numbered line ${i}` });
      expect(answer.type).toBe('reply');
    }
    await waitForText(customer, 'log', 'Conversation', 'Numbered line 12');
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), customerBrowser?.close()]);
    await server?.stop();
  });

  /** The text of each line of the conversation log, as shown. */
  const lines = (page: Page) =>
    page.evaluate(() => [...(document.querySelector('[role="log"][aria-label="Conversation"]')?.querySelectorAll('p.chat-line') ?? [])].map((p) => p.textContent ?? ''));
  const hasButton = (page: Page, name: string) => page.evaluate((n) => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === n), name);

  async function pagesBack(page: Page): Promise<void> {
    await page.bringToFront();
    await page.reload();
    await waitForText(page, 'log', 'Conversation', 'Numbered line 12');
    // Only the last five lines came with the snapshot.
    expect((await lines(page)).map((l) => l.replace(/^Administrator: /, ''))).toEqual(['Numbered line 8', 'Numbered line 9', 'Numbered line 10', 'Numbered line 11', 'Numbered line 12']);
    await button(page, 'Show earlier messages').click();
    await page.waitForFunction(() => document.querySelector('p.chat-line')?.textContent === 'Administrator joined the session.', { timeout: 10_000 });
    const all = await lines(page);
    expect(all).toHaveLength(13);
    expect(all[1]).toBe('Administrator: Numbered line 1');
    // Everything is there now: nothing more to load.
    await page.waitForFunction(() => ![...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Show earlier messages'), { timeout: 10_000 });
    expect(await hasButton(page, 'Show earlier messages')).toBe(false);
  }

  it('the customer, after a reload, loads the earlier lines down to the first', async () => {
    await pagesBack(customer);
  });

  it('the representative, after a reload, does the same', async () => {
    await pagesBack(rep);
  });
});
