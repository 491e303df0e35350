import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { ADMIN_PASSWORD } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, waitForRoleText, waitForText } from './harness/ui.ts';
import { startHelperRig, VIDEO, type HelperRig } from './harness/helper-rig.ts';
import { elevateAndInstall, expectHelperRemoved, hostPids, watermarkNames } from './harness/helper.ts';

const BOB = { username: 'bob', password: 'bob-e2e-password-1', displayName: 'Bob Kahn' };

/** Frames the console's view of the customer's screen has shown (0: no view, or nothing shared). */
const videoWidth = (page: Page) =>
  page.evaluate((label) => (document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement | null)?.videoWidth ?? 0, VIDEO);

async function signIn(page: Page, server: string, username: string, password: string): Promise<void> {
  await fill(page, 'Server', server);
  await fill(page, 'Username', username);
  await fill(page, 'Password', password);
  await button(page, 'Sign in').click();
}

/**
 * Consent belongs to the representative it was given to (issue 11), in real
 * Chromium: after a hold and a takeover the customer is asked again, naming
 * the new representative, before anything is shared with them; after a
 * transfer of an elevated session the helper stops, and the watermark names
 * the new representative once the customer allows them control.
 */
describe('consent follows the representative', () => {
  let rig: HelperRig;
  let bobBrowser: ExtensionBrowser;
  let admin: Page;
  let bob: Page;
  let customer: Page;

  beforeAll(async () => {
    rig = await startHelperRig('consent');
    bobBrowser = await launchWithExtension('console');
    const token = await (
      await fetch(`${rig.server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
    ).json() as { token: string };
    const added = await fetch(`${rig.server.url}/api/reps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token.token}` },
      body: JSON.stringify({ ...BOB, role: 'rep' }),
    });
    expect(added.status).toBe(201);
  });

  afterAll(async () => {
    await bobBrowser?.close();
    await rig?.close();
  });

  it('hold and a takeover: the customer is asked again, naming the new representative, before anything is shared', async () => {
    admin = await rig.consoleBrowser.open('console.html');
    await signIn(admin, rig.server.url, 'admin', ADMIN_PASSWORD);
    bob = await bobBrowser.open('console.html');
    await signIn(bob, rig.server.url, BOB.username, BOB.password);
    customer = await rig.customerBrowser.open('sidepanel.html');
    await customer.locator('summary').click();
    await fill(customer, 'Support server', rig.server.url);
    await button(customer, 'Save').click();
    await fill(customer, 'Your name', 'Grace Hopper');
    await button(customer, 'Start chat').click();
    await button(admin, 'Accept Grace Hopper').click();
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');

    await button(admin, 'Share Screen').click();
    await waitForText(customer, 'alertdialog', 'Screen sharing request', 'Administrator asks to view your screen.');
    await button(customer, 'Allow').click();
    await button(customer, 'STOP SHARING').wait();
    await admin.waitForFunction((label) => ((document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, { timeout: 20_000 }, VIDEO);

    await button(admin, 'End Session').click();
    await byRole(admin, 'dialog', 'End this session?').wait();
    await button(admin, 'Hold Session').click();
    // The customer's share ends with the representative it was given to.
    await customer.waitForFunction(() => ![...document.querySelectorAll('button')].some((b) => b.textContent === 'STOP SHARING'), { timeout: 10_000 });

    await button(bob, 'Accept Grace Hopper').click();
    await waitForRoleText(customer, 'status', 'You are chatting with Bob Kahn.');
    await button(bob, 'Share Screen').click();
    await waitForText(customer, 'alertdialog', 'Screen sharing request', 'Bob Kahn asks to view your screen.');
    // Nothing reaches Bob before the customer answers him.
    expect(await videoWidth(bob)).toBe(0);
    await button(customer, 'Allow').click();
    await button(customer, 'STOP SHARING').wait();
    await bob.waitForFunction((label) => ((document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, { timeout: 20_000 }, VIDEO);
  });

  it('a transfer of an elevated session: the helper stops, and the watermark names the new representative once the customer allows them', async () => {
    await elevateAndInstall(bob, customer, rig.customerBrowser, { downloads: rig.downloads, home: rig.home, installersDir: rig.build.dir }, BOB.displayName);
    await expect.poll(() => watermarkNames(BOB.displayName), { timeout: 5000 }).toBe(true);
    expect(await watermarkNames('Administrator')).toBe(false);

    await button(bob, 'Transfer').click();
    await button(bob, 'Transfer to Administrator').click();
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');
    // Bob's control ended with the transfer: the customer's helper no longer takes input, and the customer is told why.
    await waitForRoleText(customer, 'status', 'Full control ended. A representative must ask you again before they can control your computer.');

    await button(admin, 'Elevate').click();
    await waitForText(customer, 'region', 'Full control request', 'Administrator asks for full control of your computer');
    await button(customer, 'Allow').click();
    // The helper that still runs is granted again (no second helper), and its watermark now names Administrator.
    await waitForRoleText(customer, 'status', 'The representative has full control of your computer.', 20_000);
    await waitForRoleText(admin, 'status', 'Full control: the support helper is connected.');
    expect(hostPids(rig.home).length).toBe(1);
    await expect.poll(() => watermarkNames('Administrator'), { timeout: 5000 }).toBe(true);
    expect(await watermarkNames(BOB.displayName)).toBe(false);

    await button(admin, 'End Session').click();
    await byRole(admin, 'dialog', 'End this session?').wait();
    await button(admin, 'Close Session').click();
    await waitForRoleText(customer, 'status', 'The session has ended.');
    await expectHelperRemoved(rig.home, rig.customerBrowser.userDataDir);
  });
});
