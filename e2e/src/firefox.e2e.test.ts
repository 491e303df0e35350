import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIVE_HOST_NAME } from '@rs/protocol';
import { renderManifest } from '../../installers/src/templates.ts';
import { REPO_ROOT } from './harness/server.ts';
import type { Page } from 'puppeteer-core';
import { startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { FIREFOX_UUID, launchFirefoxCustomer, type FirefoxCustomer } from './harness/firefox.ts';
import { signInConsole } from './harness/click-to-chat.ts';
import { button, byRole, fill, waitForRoleText, waitForText, say } from './harness/ui.ts';
import { BLUE, RED, waitForColours, type Points } from './harness/screen.ts';

/**
 * Issue 12: the customer extension in real Firefox (its own random-per-install moz-extension:// origin)
 * against the console in Chromium: chat both ways, a share the representative sees, and elevation through
 * the helper's Firefox host manifest (the installer's own template, allowing only the customer's gecko id).
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

    await say(customer, rep, 'Hello from Firefox');
    await say(rep, customer, 'Hello from the console');
  });

  it('shares the screen: the representative sees it', async () => {
    await button(rep, 'Share Screen').click();
    await waitForText(customer, 'alertdialog', 'Screen sharing request', 'Administrator asks to view your screen.');
    await button(customer, 'Allow').click();
    // Firefox grants getDisplayMedia at once here (media.navigator.permission.disabled): the whole screen.
    await button(customer, 'STOP SHARING').wait();
    // The console's Chromium window covers the left of the screen; the customer's Firefox shows at its right
    // edge. One colour fills a page there, then another: the representative's video must follow both.
    const pattern = await firefox.browser.newPage();
    await pattern.bringToFront();
    const rightEdge: Points = (w, h) => [[(1140 * w) / 1280, (500 * h) / 800]];
    for (const colour of [RED, BLUE]) {
      await pattern.setContent(`<!doctype html><title>Pattern</title><body style="margin:0;height:100vh;background:rgb(${colour.join(',')})"></body>`);
      await waitForColours(rep, "Customer's screen", rightEdge, [colour], 30_000);
    }
  });

  it("elevates through the helper's Firefox manifest", async () => {
    await button(rep, 'Elevate').click();
    await waitForText(customer, 'region', 'Full control request', 'Administrator asks for full control of your computer');
    await button(customer, 'Allow').click();
    // Only the full client gets here (the web chat may not allow): the server took the moz-extension origin as the extension.
    await waitForRoleText(rep, 'status', 'The customer is installing the support helper');

    // "Installed": the Firefox manifest the installer writes, for the development host started by Node.
    const host = join(firefox.home, 'ors-host');
    writeFileSync(host, `#!/bin/sh\nexec "${process.execPath}" "${join(REPO_ROOT, 'native-host/src/cli.ts')}" "$@"\n`);
    chmodSync(host, 0o755);
    const manifests = join(firefox.home, '.mozilla/native-messaging-hosts');
    mkdirSync(manifests, { recursive: true });
    writeFileSync(join(manifests, `${NATIVE_HOST_NAME}.json`), renderManifest('firefox', host));

    // Same page, no reload: the extension's retry starts the host, which accepts Firefox's caller (the gecko id).
    await waitForRoleText(customer, 'status', 'The representative has full control of your computer.', 20_000);
    await waitForRoleText(rep, 'status', 'Full control: the support helper is connected.');
  });
});
