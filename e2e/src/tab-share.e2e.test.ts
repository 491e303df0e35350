import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JSHandle, Page } from 'puppeteer-core';
import { startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, waitForRoleText, waitForText } from './harness/ui.ts';
import { BLUE, GREEN, openPattern, RED, tabStripes, tracksOf, waitForColours, YELLOW } from './harness/screen.ts';
import { adminToken, startChatAndAccept } from './harness/session.ts';

const SHARED_TITLE = 'Shared pattern';

/**
 * Issue 4 with a browser tab: Chromium auto-selects the tab titled
 * SHARED_TITLE in its picker, so MODIFY SHARING picks another source by
 * moving that title to another tab. This customer refused recording.
 */
describe('sharing a browser tab, and MODIFY SHARING', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let rep: Page;
  let customer: Page;
  let sessionId: string;
  let first: Page;

  beforeAll(async () => {
    server = await startServerProcess();
    consoleBrowser = await launchWithExtension('console');
    customerBrowser = await launchWithExtension('customer', { args: [`--auto-select-tab-capture-source-by-title=${SHARED_TITLE}`] });
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), customerBrowser?.close()]);
    await server?.stop();
  });

  it('the customer shares a tab: the console shows it, and the customer gets MODIFY SHARING', async () => {
    ({ rep, customer, sessionId } = await startChatAndAccept(server, consoleBrowser, customerBrowser, 'Ada Lovelace', { recording: false }));
    await waitForText(rep, 'region', 'Screen sharing', 'The customer did not allow recording');
    first = await openPattern(customerBrowser.browser, SHARED_TITLE, [RED, GREEN, BLUE, YELLOW]);
    await button(rep, 'Share Screen').click();
    await button(customer, 'Allow').click();
    await waitForText(customer, 'region', 'Screen sharing', 'You are sharing a browser tab');
    await button(customer, 'MODIFY SHARING').wait();
    await waitForColours(rep, "Customer's screen", tabStripes, [RED, GREEN, BLUE, YELLOW]);
    await waitForText(rep, 'paragraph', 'Screen stream', 'Sharing a browser tab');
  });

  it("the representative sees the stream's figures, and the codec both browsers have that is best for screens", async () => {
    const region = await byRole(rep, 'region', 'Stream quality').setTimeout(15_000).waitHandle();
    // Both are Chromium with AV1 (screen-content tools): the console's answer prefers it over the default VP8.
    const wanted = [/Frame rate\s+[1-9]\d* fps/, /Resolution\s+[1-9]\d* × [1-9]\d*/, /Bitrate\s+[\d.]+ (kbit|Mbit)\/s/, /Round trip\s+\d+ ms/, /Codec\s+AV1/];
    await rep
      .waitForFunction((el, sources) => sources.every((s) => new RegExp(s).test((el as HTMLElement).innerText)), { timeout: 20_000 }, region, wanted.map((r) => r.source))
      .catch(async (e: unknown) => {
        throw new Error(`the stream's figures read: ${await region.evaluate((el) => (el as HTMLElement).innerText)}`, { cause: e });
      });
  });

  it('MODIFY SHARING switches the source on the same call', async () => {
    const before: JSHandle = await tracksOf(customer, 'What you are sharing');
    await first.evaluate(() => void (document.title = 'Old pattern'));
    await openPattern(customerBrowser.browser, SHARED_TITLE, [YELLOW, BLUE, GREEN, RED]);
    await button(customer, 'MODIFY SHARING').click();
    await button(customer, 'Share something else').click();
    await waitForColours(rep, "Customer's screen", tabStripes, [YELLOW, BLUE, GREEN, RED]);
    expect(await before.evaluate((s) => (s as MediaStream).getTracks().map((t) => t.readyState))).toEqual(['ended']);
    await waitForText(customer, 'region', 'Screen sharing', 'You are sharing a browser tab');
  });

  it('MODIFY SHARING, then Stop sharing, ends the share on both sides', async () => {
    await button(customer, 'MODIFY SHARING').click();
    await button(customer, 'Stop sharing').click();
    await waitForRoleText(rep, 'status', 'The customer stopped sharing.');
    expect(await customer.$('video[aria-label="What you are sharing"]')).toBeNull();
  });

  it('the customer refused recording: nothing was recorded, and an upload is refused by the server', async () => {
    const token = await adminToken(server.url);
    const auth = { authorization: `Bearer ${token}` };
    const list = (await (await fetch(`${server.url}/api/sessions/${sessionId}/recordings`, { headers: auth })).json()) as { recordings: unknown[] };
    expect(list.recordings).toEqual([]);
    const start = await fetch(`${server.url}/api/sessions/${sessionId}/recordings`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ mimeType: 'video/webm' }),
    });
    expect(start.status).toBe(403);
    expect(((await start.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect(await rep.$('section[aria-label="Recordings"]')).toBeNull();
  });
});
