import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, pageText, waitForRoleText, waitForText } from './harness/ui.ts';
import { adminApi, extensionStart, signInConsole } from './harness/click-to-chat.ts';

/**
 * Customer notices (automatic at start, and sent by the representative) and
 * the exit survey: leaving through a notice skips the survey; a served
 * customer answers it and the answers are stored with the session.
 */
describe('click-to-chat notices and exit survey', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let rep: Page;
  const NOTICE = 'Email outage';

  beforeAll(async () => {
    server = await startServerProcess({ CUSTOMER_GRACE_MS: '30000' });
    [consoleBrowser, customerBrowser] = await Promise.all([launchWithExtension('console'), launchWithExtension('customer')]);
    rep = await signInConsole(consoleBrowser, server.url);
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), customerBrowser?.close()]);
    await server?.stop();
  });

  const noticeDialog = (page: Page) => byRole(page, 'alertdialog', NOTICE);

  it('the admin adds an active notice in Settings', async () => {
    await button(rep, 'Settings').click();
    await fill(rep, 'Notice title', NOTICE);
    await byRole(rep, 'textbox', 'Notice text').fill('Email is down for everyone; we are on it.');
    await button(rep, 'Add notice').click();
    await byRole(rep, 'checkbox', `Active: ${NOTICE}`).wait();
    await button(rep, 'Settings').click();
  });

  it('an active notice shows when a customer starts; leaving through it starts no session and no survey', async () => {
    const page = await extensionStart(customerBrowser, server.url, 'Lee Leaver');
    await waitForText(page, 'alertdialog', NOTICE, 'Email is down for everyone');
    await button(page, 'Leave').click();
    await waitForRoleText(page, 'status', 'You left before the session started.');
    expect(await pageText(page)).not.toContain('Exit survey');
    expect((await (await adminApi(server.url)).sessions()).map((s) => s.customerName)).not.toContain('Lee Leaver');
    await page.close();
  });

  async function servedCustomer(name: string): Promise<Page> {
    const page = await extensionStart(customerBrowser, server.url, name);
    await noticeDialog(page).wait();
    await button(page, 'Continue').click();
    await waitForRoleText(page, 'status', 'Waiting for a representative…');
    await rep.bringToFront();
    await button(rep, `Accept ${name}`).click();
    await page.bringToFront();
    await waitForRoleText(page, 'status', 'You are chatting with Administrator.');
    return page;
  }

  it('a served customer answers the exit survey, and the answers are stored', async () => {
    const page = await servedCustomer('Sue Survey');
    await rep.bringToFront();
    await button(rep, 'End Session').click();
    await button(rep, 'Close Session').click();
    await page.bringToFront();
    await byRole(page, 'form', 'Exit survey').wait();
    await byRole(page, 'radio', '4').click();
    await byRole(page, 'textbox', 'Any comments?').fill('Quick and kind.');
    await button(page, 'Send answers').click();
    await waitForRoleText(page, 'status', 'Thank you for your feedback.');
    const admin = await adminApi(server.url);
    const session = (await admin.sessions()).find((s) => s.customerName === 'Sue Survey')!;
    expect((await admin.call<{ answers: unknown }>('GET', `/api/sessions/${session.id}/survey`)).answers).toEqual({ rating: 4, comment: 'Quick and kind.' });
    await page.close();
  });

  it('a notice the representative sends lets the customer leave, without the survey', async () => {
    const page = await servedCustomer('Nick Notice');
    await rep.bringToFront();
    await byRole(rep, 'combobox', 'Notice').wait();
    await button(rep, 'Send notice').click();
    await page.bringToFront();
    await waitForText(page, 'alertdialog', NOTICE, 'Email is down for everyone');
    await button(page, 'Leave').click();
    await waitForRoleText(page, 'status', 'The session has ended.');
    expect(await pageText(page)).toContain('You left the session.');
    expect(await pageText(page)).not.toContain('Exit survey');
    await rep.bringToFront();
    await waitForText(rep, 'log', 'Conversation', 'The customer has left the conversation.');
  });
});
