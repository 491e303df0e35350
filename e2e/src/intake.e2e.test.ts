import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, pageText, waitForRoleText, waitForText } from './harness/ui.ts';
import { adminApi, extensionStart, signInConsole } from './harness/click-to-chat.ts';

/**
 * An admin sets the default site's customer agreement and recording prompt in
 * the console's Settings page; customers decline the agreement (no session),
 * refuse or allow recording, and the representative sees each choice.
 */
describe('click-to-chat intake: agreement and recording prompt', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let rep: Page;
  const AGREEMENT = 'You agree that a representative may look at your screen.';

  beforeAll(async () => {
    server = await startServerProcess();
    [consoleBrowser, customerBrowser] = await Promise.all([launchWithExtension('console'), launchWithExtension('customer')]);
    rep = await signInConsole(consoleBrowser, server.url);
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), customerBrowser?.close()]);
    await server?.stop();
  });

  it('the admin sets the agreement and the recording prompt in Settings', async () => {
    await button(rep, 'Settings').click();
    await byRole(rep, 'heading', 'Public sites').wait();
    await fill(rep, 'Customer agreement', AGREEMENT);
    await byRole(rep, 'checkbox', 'Ask the customer to allow or refuse recording').click();
    await button(rep, 'Save site').click();
    await waitForRoleText(rep, 'status', 'Site saved.');
    const site = await (await adminApi(server.url)).defaultSite();
    expect(site.settings).toMatchObject({ agreementText: AGREEMENT, recordingPrompt: true });
    await button(rep, 'Settings').click();
    await waitForText(rep, 'region', 'Queue', 'No customers are waiting.');
  });

  it('a customer who declines the agreement is not queued', async () => {
    const page = await extensionStart(customerBrowser, server.url, 'Dora Decline');
    await waitForText(page, 'region', 'Customer agreement', AGREEMENT);
    await button(page, 'Decline').click();
    await waitForRoleText(page, 'status', 'You declined the customer agreement, so no support session was started.');
    await new Promise((r) => setTimeout(r, 500));
    expect(await pageText(rep)).toContain('No customers are waiting.');
    expect((await (await adminApi(server.url)).sessions()).map((s) => s.customerName)).not.toContain('Dora Decline');
    await page.close();
  });

  it('a customer who refuses recording is queued, and the queue says so', async () => {
    const page = await extensionStart(customerBrowser, server.url, 'Rene Refuse');
    await button(page, 'Accept').click();
    await byRole(page, 'region', 'Session recording').wait();
    await button(page, 'Refuse recording').click();
    await waitForRoleText(page, 'status', 'Waiting for a representative…');
    await button(rep, 'Accept Rene Refuse').wait();
    await waitForText(rep, 'region', 'Queue', 'Recording refused');
    const stored = (await (await adminApi(server.url)).sessions()).find((s) => s.customerName === 'Rene Refuse');
    expect(stored?.recordingAllowed).toBe(false);
    // One chat per browser: this customer closes theirs before the next one starts.
    await button(page, 'Close chat').click();
    await waitForRoleText(page, 'status', 'The session has ended.');
    await page.close();
  });

  it('a customer who allows recording is queued, and the session shows it to the representative', async () => {
    const page = await extensionStart(customerBrowser, server.url, 'Ali Allow');
    await button(page, 'Accept').click();
    await button(page, 'Allow recording').click();
    await waitForRoleText(page, 'status', 'Waiting for a representative…');
    await button(rep, 'Accept Ali Allow').wait();
    expect(await rep.evaluate(() => document.body.innerText)).toMatch(/Ali Allow[\s\S]*Recording allowed/);
    await button(rep, 'Accept Ali Allow').click();
    await waitForRoleText(page, 'status', 'You are chatting with Administrator.');
    await waitForText(rep, 'region', 'Ali Allow', 'Recording allowed');
  });
});
