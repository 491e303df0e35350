import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { CUSTOMER_EXTENSION } from '@rs/protocol';
import { startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, waitForRoleText, waitForText, say } from './harness/ui.ts';
import { signInConsole, webStart } from './harness/click-to-chat.ts';

/**
 * Elevate from the web chat (the public support page): the customer allows,
 * and the live session moves to the support extension (the full client),
 * which shows the representative's request again on the same session, with
 * the same transcript. Without the extension, Allow says how to install it.
 */
const ASKS = 'Administrator asks for full control of your computer';

async function chatAndElevate(rep: Page, web: Page, name: string, line: string): Promise<void> {
  await button(rep, `Accept ${name}`).click();
  await waitForRoleText(web, 'status', 'You are chatting with Administrator.');
  await fill(web, 'Message', line);
  await button(web, 'Send').click();
  await waitForText(rep, 'log', 'Conversation', line);
  await button(rep, 'Elevate').click();
  await waitForText(web, 'region', 'Full control request', ASKS);
}

describe('elevate from the web chat', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let plainBrowser: ExtensionBrowser;
  let rep: Page;

  beforeAll(async () => {
    // A grace longer than the hand-over: the web chat's socket closes before the extension's opens.
    server = await startServerProcess({ CUSTOMER_GRACE_MS: '30000' });
    // The customer's browser has the support extension; the plain one has only the console extension, not the customer's.
    [consoleBrowser, customerBrowser, plainBrowser] = await Promise.all([launchWithExtension('console'), launchWithExtension('customer'), launchWithExtension('console')]);
    rep = await signInConsole(consoleBrowser, server.url);
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), customerBrowser?.close(), plainBrowser?.close()]);
    await server?.stop();
  });

  it('Allow hands the live session to the installed extension, which shows the request on the same session', async () => {
    const web = await webStart(customerBrowser, server.url, 'Wendy Web');
    await chatAndElevate(rep, web, 'Wendy Web', 'My printer prints blank pages');

    const opened = customerBrowser.browser.waitForTarget((t) => t.url().endsWith('/sidepanel.html'), { timeout: 15_000 });
    await button(web, 'Allow').click();
    const chat = (await (await opened).asPage())!;
    await chat.bringToFront();
    // The same session: its transcript, its representative, and the request still pending.
    await waitForText(chat, 'log', 'Conversation', 'My printer prints blank pages');
    await waitForRoleText(chat, 'status', 'You are chatting with Administrator.');
    await waitForText(chat, 'region', 'Full control request', ASKS);
    await waitForRoleText(web, 'status', 'Your session continues in the support extension.');
    expect(await web.$('::-p-aria([name="Message"][role="textbox"])')).toBeNull();
    await waitForRoleText(rep, 'status', 'Waiting for the customer to allow full control…');

    // The session lives on in the extension: the representative's next line arrives there.
    await new Promise((r) => setTimeout(r, 1000));
    await say(rep, chat, 'I see you moved to the support extension');
    // And the extension answers the request (Refuse here: installing the helper is the elevation spec's part).
    await button(chat, 'Refuse').click();
    await waitForRoleText(rep, 'status', 'The customer refused full control.');
    await button(rep, 'End Session').click();
    await byRole(rep, 'dialog', 'End this session?').wait();
    await button(rep, 'Close Session').click();
    await waitForRoleText(chat, 'status', 'The session has ended.');
  });

  it('without the extension, Allow shows how to install it, with the link, and Refuse still answers', async () => {
    const web = await webStart(plainBrowser, server.url, 'Nora Noext');
    await chatAndElevate(rep, web, 'Nora Noext', 'I only have the web chat');
    await button(web, 'Allow').click();
    await waitForText(web, 'region', 'Install the support extension', 'To give full control, install the support extension.');
    await waitForRoleText(web, 'status', 'Waiting for the support extension…');
    const link = await byRole(web, 'link', 'Get the support extension').map((a) => (a as HTMLAnchorElement).href).wait();
    expect(link).toBe(`https://chromewebstore.google.com/detail/${CUSTOMER_EXTENSION.id}`);
    // Still asking: the representative has no answer yet.
    await waitForRoleText(rep, 'status', 'Waiting for the customer to allow full control…');
    await button(web, 'Refuse').click();
    await waitForRoleText(rep, 'status', 'The customer refused full control.');
    // The web chat learns of its own answer from the server too, maybe a moment after the representative.
    await web.waitForSelector('::-p-aria([name="Install the support extension"][role="region"])', { hidden: true, timeout: 15_000 });
  });
});
