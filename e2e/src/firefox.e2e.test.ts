import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { FIREFOX_UUID, launchFirefoxCustomer, type FirefoxCustomer } from './harness/firefox.ts';
import { signInConsole } from './harness/click-to-chat.ts';
import { button, byRole, fill, waitForRoleText, waitForText } from './harness/ui.ts';
import { BLUE, RED, waitForColours, type Points } from './harness/screen.ts';

/**
 * Issue 12: the customer extension in real Firefox (its own random-per-install moz-extension:// origin)
 * against the console in Chromium: chat both ways, and a share the representative sees.
 */
describe('the customer extension in Firefox', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let firefox: FirefoxCustomer;
  let rep: Page;
  let customer: Page;

  beforeAll(async () => {
    server = await startServerProcess();
    [consoleBrowser, firefox] = await Promise.all([launchWithExtension('console'), launchFirefoxCustomer()]);
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), firefox?.close()]);
    await server?.stop();
  });

  it('connects from its moz-extension origin and chats both ways', async () => {
    rep = await signInConsole(consoleBrowser, server.url);
    customer = await firefox.open('sidepanel.html');
    expect(await customer.evaluate(() => location.origin)).toBe(`moz-extension://${FIREFOX_UUID}`);
    await byRole(customer, 'heading', 'Chat with support').wait();
    await customer.locator('summary').click();
    await fill(customer, 'Support server', server.url);
    await button(customer, 'Save').click();
    await fill(customer, 'Your name', 'Firefox Customer');
    await button(customer, 'Start chat').click();
    await button(rep, 'Accept Firefox Customer').click();
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');

    await fill(customer, 'Message', 'Hello from Firefox');
    await button(customer, 'Send').click();
    await waitForText(rep, 'log', 'Conversation', 'Hello from Firefox');
    await fill(rep, 'Message', 'Hello from the console');
    await button(rep, 'Send').click();
    await waitForText(customer, 'log', 'Conversation', 'Hello from the console');
  });

  it('shares the screen: the representative sees it', async () => {
    await button(rep, 'Share Screen').click();
    await button(customer, 'Allow').click();
    await waitForText(customer, 'region', 'Screen sharing', 'You are sharing');
    // The console's Chromium window covers the left of the screen; the customer's Firefox shows at its right
    // edge. One colour fills a page there, then another: the representative's video must follow both.
    const pattern = await firefox.browser.newPage();
    await pattern.bringToFront();
    const rightEdge: Points = (w, h) => [[(1140 * w) / 1280, (500 * h) / 800]];
    for (const colour of [RED, BLUE]) {
      await pattern.setContent(`<!doctype html><title>Pattern</title><body style="margin:0;height:100vh;background:rgb(${colour.join(',')})"></body>`);
      await waitForColours(rep, "Customer's screen", rightEdge, [colour]);
    }
  });
});
