import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, pageText, waitForRoleText, waitForText } from './harness/ui.ts';
import { signInConsole, webStart } from './harness/click-to-chat.ts';

/**
 * Notices per public site: the admin adds a second site and a notice for it
 * alone in Settings; web chat customers of that site see it before queueing,
 * those of the default site do not; a notice published during the chats
 * reaches only the customers of its site; deleting a site takes it off its
 * notices, and a notice given a site again reaches that site's chats.
 */
describe('click-to-chat notices per public site', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let webBrowser: ExtensionBrowser;
  let rep: Page;
  let itCustomer: Page;
  let mainCustomer: Page;
  const VPN = 'VPN outage';

  beforeAll(async () => {
    server = await startServerProcess({ CUSTOMER_GRACE_MS: '30000' });
    [consoleBrowser, webBrowser] = await Promise.all([
      launchWithExtension('console'),
      launchWithExtension('customer', { args: ['--deny-permission-prompts'] }),
    ]);
    rep = await signInConsole(consoleBrowser, server.url);
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), webBrowser?.close()]);
    await server?.stop();
  });

  /** In Settings: a notice for the ticked sites only (every site when none is given). */
  async function addNotice(title: string, text: string, siteLabels: string[]): Promise<void> {
    await rep.bringToFront();
    await button(rep, 'Settings').click();
    await fill(rep, 'Notice title', title);
    await byRole(rep, 'textbox', 'Notice text').fill(text);
    if (siteLabels.length > 0) {
      await byRole(rep, 'checkbox', 'All public sites').click();
      for (const label of siteLabels) await byRole(rep, 'checkbox', label).click();
    }
    await button(rep, 'Add notice').click();
    await byRole(rep, 'checkbox', `Active: ${title}`).wait();
    await waitForText(rep, 'list', 'Notices', `Shows on: ${siteLabels.join(', ') || 'All public sites'}`);
    await button(rep, 'Settings').click();
  }

  /** Picks a site in Settings' "Public site" list by its label. */
  async function chooseSite(label: string): Promise<void> {
    const pick = await byRole(rep, 'combobox', 'Public site').waitHandle();
    await rep.waitForFunction((s, l) => [...(s as HTMLSelectElement).options].some((o) => o.text === l), {}, pick, label);
    await pick.select(await pick.evaluate((s, l) => [...(s as HTMLSelectElement).options].find((o) => o.text === l)!.value, label));
  }

  it('the admin adds a second site and a notice for it alone', async () => {
    await button(rep, 'Settings').click();
    await fill(rep, 'New site name', 'IT desk');
    await fill(rep, 'New site path', '/it');
    await button(rep, 'Add site').click();
    await byRole(rep, 'button', 'Delete site IT desk').wait();
    // Nothing ticked is refused in the form, before it reaches the server.
    await fill(rep, 'Notice title', 'Nowhere');
    await byRole(rep, 'textbox', 'Notice text').fill('No site chosen.');
    await byRole(rep, 'checkbox', 'All public sites').click();
    await button(rep, 'Add notice').click();
    await waitForRoleText(rep, 'alert', 'Choose at least one public site, or All public sites.');
    await byRole(rep, 'checkbox', 'All public sites').click();
    await byRole(rep, 'textbox', 'Notice title').fill('');
    await button(rep, 'Settings').click();
    await addNotice(VPN, 'The VPN is down; we are on it.', ['IT desk (/it)']);
  });

  it("the site's customers see it before queueing; the default site's do not", async () => {
    itCustomer = await webStart(webBrowser, server.url, 'Ivy It', '/it');
    await waitForText(itCustomer, 'alertdialog', VPN, 'The VPN is down');
    await button(itCustomer, 'Continue').click();
    await waitForRoleText(itCustomer, 'status', 'Waiting for a representative…');

    mainCustomer = await webStart(webBrowser, server.url, 'Max Main');
    await waitForRoleText(mainCustomer, 'status', 'Waiting for a representative…');
    expect(await pageText(mainCustomer)).not.toContain(VPN);
  });

  it('a notice published during the chats reaches only the customers of its site', async () => {
    await rep.bringToFront();
    await button(rep, 'Accept Ivy It').click();
    await button(rep, 'Accept Max Main').click();
    await itCustomer.bringToFront();
    await waitForRoleText(itCustomer, 'status', 'You are chatting with Administrator.');
    await mainCustomer.bringToFront();
    await waitForRoleText(mainCustomer, 'status', 'You are chatting with Administrator.');

    await addNotice('Printer jam', 'Third floor printer is jammed.', ['IT desk (/it)']);
    await addNotice('Billing delay', 'Invoices are late this week.', ['Support (/)']);
    await mainCustomer.bringToFront();
    await waitForText(mainCustomer, 'alertdialog', 'Billing delay', 'Invoices are late this week.');
    expect(await pageText(mainCustomer)).not.toContain('Printer jam');
    expect(await pageText(mainCustomer)).not.toContain(VPN);
    // Printer jam came first; Billing delay, had it been pushed to /it as well, would have replaced it.
    await itCustomer.bringToFront();
    await waitForText(itCustomer, 'alertdialog', 'Printer jam', 'Third floor printer is jammed.');
    expect(await pageText(itCustomer)).not.toContain('Billing delay');
    // The customer reads it and goes on chatting.
    await button(itCustomer, 'Continue').click();
    await waitForRoleText(itCustomer, 'status', 'You are chatting with Administrator.');
  });

  it('deleting a site takes it off its notices; one left with no site says so', async () => {
    await rep.bringToFront();
    await button(rep, 'Settings').click();
    await fill(rep, 'New site name', 'Pop-up');
    await fill(rep, 'New site path', '/pop-up');
    await button(rep, 'Add site').click();
    await button(rep, 'Settings').click();
    await addNotice('Pop-up closed', 'The pop-up desk is closed today.', ['Pop-up (/pop-up)']);
    await button(rep, 'Settings').click();
    await chooseSite('Pop-up (/pop-up)');
    await button(rep, 'Delete site Pop-up').click();
    await waitForText(rep, 'list', 'Notices', 'Shows on: No site');
    expect(await pageText(rep)).not.toContain('Pop-up (/pop-up)');
    // Given a site again, it reaches that site's customer in the chat at once.
    await rep.locator('::-p-aria(Change sites of Pop-up closed)').click();
    await byRole(rep, 'checkbox', 'Support (/) for Pop-up closed').click();
    await button(rep, 'Save sites of Pop-up closed').click();
    await waitForText(rep, 'list', 'Notices', 'Shows on: Support (/)');
    await mainCustomer.bringToFront();
    await waitForText(mainCustomer, 'alertdialog', 'Pop-up closed', 'The pop-up desk is closed today.');
    await rep.bringToFront();
    // A site customers already used stays, with a reason.
    await chooseSite('IT desk (/it)');
    await button(rep, 'Delete site IT desk').click();
    await waitForRoleText(rep, 'alert', 'Sessions were started on this site; turn its chat off instead.');
    await button(rep, 'Settings').click();
  });
});
