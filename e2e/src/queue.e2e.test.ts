import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, waitForRoleText, waitForText } from './harness/ui.ts';
import { adminApi, extensionStart, greeting, signInConsole, webStart } from './harness/click-to-chat.ts';

/**
 * Waiting in the queue: nobody signed in (message and URL), hold messages at
 * their interval, and live positions and estimates for two web-chat customers
 * when the first is accepted.
 */
describe('click-to-chat queue: greeting, estimate, hold messages, no representative', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let rep: Page;

  beforeAll(async () => {
    server = await startServerProcess({ CUSTOMER_GRACE_MS: '30000' });
    [consoleBrowser, customerBrowser] = await Promise.all([launchWithExtension('console'), launchWithExtension('customer')]);
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), customerBrowser?.close()]);
    await server?.stop();
  });

  it('with no representative signed in, the customer gets the message and the configured page opens', async () => {
    const kb = `${server.url}/knowledge-base`;
    await (await adminApi(server.url)).configure({ noRepMessage: 'Nobody is here right now. Try our knowledge base.', noRepUrl: kb, holdIntervalSeconds: 2 });
    const opened = customerBrowser.browser.waitForTarget((t) => t.url() === kb, { timeout: 15_000 });
    const page = await extensionStart(customerBrowser, server.url, 'Nora Nobody');
    await waitForRoleText(page, 'alert', 'Nobody is here right now. Try our knowledge base.');
    expect((await opened).url()).toBe(kb);
    // The opened page took the front; come back to the chat.
    await page.bringToFront();
    await greeting(page, 'Estimated wait: unknown (no representative is available right now)');
  });

  it('a hold message appears after its interval, with the position', async () => {
    const page = (await customerBrowser.browser.pages()).find((p) => p.url().endsWith('sidepanel.html'))!;
    await waitForText(page, 'list', 'Hold messages', 'Thank you for waiting. You are number 1 in the queue.', 6_000);
    await button(page, 'Close chat').click();
    await waitForRoleText(page, 'status', 'The session has ended.');
  });

  it('after the configured maximum wait, the customer gets the message and the page opens even with a representative signed in', async () => {
    const contact = `${server.url}/contact-us`;
    await (await adminApi(server.url)).configure({ noRepMessage: 'Sorry for the wait. You can also write to us.', noRepUrl: contact, maxWaitSeconds: 2 });
    rep = await signInConsole(consoleBrowser, server.url);
    const opened = customerBrowser.browser.waitForTarget((t) => t.url() === contact, { timeout: 15_000 });
    const page = await extensionStart(customerBrowser, server.url, 'Max Wait');
    await greeting(page, 'You are number 1 in the queue. Estimated wait: less than a minute.');
    expect((await opened).url()).toBe(contact);
    await page.bringToFront();
    await waitForRoleText(page, 'alert', 'Sorry for the wait. You can also write to us.');
    await button(page, 'Close chat').click();
    await waitForRoleText(page, 'status', 'The session has ended.');
  });

  it('two waiting customers see their positions and estimates update when the first is accepted', async () => {
    await (await adminApi(server.url)).configure({ noRepUrl: null, maxWaitSeconds: null, holdIntervalSeconds: 3600 });
    const first = await webStart(customerBrowser, server.url, 'Fay First');
    await greeting(first, 'You are number 1 in the queue. Estimated wait: less than a minute.');
    const second = await webStart(customerBrowser, server.url, 'Sam Second');
    await greeting(second, 'You are number 2 in the queue. Estimated wait: about 10 minutes.');
    await button(rep, 'Accept Fay First').click();
    // Pages in background tabs do not paint, and waits poll on animation frames: look at each in turn.
    await first.bringToFront();
    await waitForRoleText(first, 'status', 'You are chatting with Administrator.');
    await second.bringToFront();
    await greeting(second, 'You are number 1 in the queue. Estimated wait: about 5 minutes.');
    await rep.bringToFront();
    await waitForText(rep, 'region', 'Queue', 'Sam Second');
    expect(await byRole(rep, 'button', 'Accept Fay First').setTimeout(300).wait().then(() => true, () => false)).toBe(false);
  });
});
