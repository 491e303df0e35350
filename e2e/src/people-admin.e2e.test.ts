import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { ADMIN_PASSWORD, startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, pageText, waitForRoleText, waitForText } from './harness/ui.ts';
import { signIn } from './harness/click-to-chat.ts';

const DORA_PASSWORD = 'dora-explores-2026';

/** Picks the option with this text in the select with this accessible name. */
async function choose(page: Page, label: string, optionText: string): Promise<void> {
  const select = await byRole(page, 'combobox', label).waitHandle();
  const value = await select.evaluate((s, text) => [...(s as HTMLSelectElement).options].find((o) => o.text === text)?.value ?? '', optionText);
  expect(value, `${label} offers ${optionText}`).not.toBe('');
  await select.select(value);
}

/**
 * The help desk admin manages people in the console's Settings: adds a
 * representative (the server's validation shows as sentences), creates a team
 * and adds them; the new representative signs in from a second console; the
 * admin disables them, and their console returns to the sign-in form saying
 * why; they cannot sign in again until the admin enables them. A password
 * reset signs them out too, and the new password works.
 */
describe('people administration in the console', () => {
  let server: ServerProcess;
  let adminBrowser: ExtensionBrowser;
  let doraBrowser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startServerProcess();
    [adminBrowser, doraBrowser] = await Promise.all([launchWithExtension('console'), launchWithExtension('console')]);
  });

  afterAll(async () => {
    await Promise.all([adminBrowser?.close(), doraBrowser?.close()]);
    await server?.stop();
  });

  it('adds a representative and a team, and disabling them signs them out with the reason until enabled', async () => {
    const admin = await adminBrowser.open('console.html');
    await signIn(admin, server.url, 'admin', ADMIN_PASSWORD);
    await byRole(admin, 'heading', 'Queue').wait();
    await button(admin, 'Settings').click();
    await byRole(admin, 'heading', 'Representatives').wait();

    // The server's schemas decide; the form says what is wrong in a sentence.
    await fill(admin, 'Display name', 'Dora Explorer');
    await fill(admin, 'Username', 'dora');
    await fill(admin, 'Initial password', 'short');
    await button(admin, 'Add representative').click();
    await waitForRoleText(admin, 'alert', 'A password has at least 10 characters.');
    await fill(admin, 'Initial password', DORA_PASSWORD);
    await button(admin, 'Add representative').click();
    await waitForRoleText(admin, 'status', 'Dora Explorer was added to the General team.');
    await waitForText(admin, 'table', 'Representatives', 'dora');

    await fill(admin, 'Display name', 'Dora Again');
    await fill(admin, 'Username', 'Dora');
    await fill(admin, 'Initial password', DORA_PASSWORD);
    await button(admin, 'Add representative').click();
    await waitForRoleText(admin, 'alert', 'The username Dora is taken.');

    await fill(admin, 'Team name', 'Billing');
    await button(admin, 'Create team').click();
    await byRole(admin, 'heading', 'Billing').wait();
    await choose(admin, 'Add a member to Billing', 'Dora Explorer');
    await button(admin, 'Add to Billing').click();
    await waitForText(admin, 'list', 'Members of Billing', 'Dora Explorer');
    await waitForText(admin, 'table', 'Representatives', 'General, Billing');

    const dora = await doraBrowser.open('console.html');
    await signIn(dora, server.url, 'dora', DORA_PASSWORD);
    await byRole(dora, 'heading', 'Queue').wait();
    await waitForText(dora, 'button', 'Sign out', 'Sign out');

    await button(admin, 'Disable Dora Explorer').click();
    await waitForRoleText(admin, 'status', 'Dora Explorer is disabled and was signed out.');
    await waitForText(admin, 'table', 'Representatives', 'Disabled');
    await byRole(dora, 'heading', 'Representative console').setTimeout(10_000).wait();
    expect(await pageText(dora)).toContain('An administrator disabled your account, so you were signed out.');

    await signIn(dora, server.url, 'dora', DORA_PASSWORD);
    await waitForRoleText(dora, 'alert', 'This account is disabled. Ask an administrator to enable it.');
    expect(await pageText(dora)).not.toContain('Queue');

    await button(admin, 'Enable Dora Explorer').click();
    await waitForRoleText(admin, 'status', 'Dora Explorer can sign in again.');
    await button(dora, 'Sign in').click();
    await byRole(dora, 'heading', 'Queue').wait();

    // Reset password: Dora's console is signed out with that reason; the new password works.
    await button(admin, 'Reset password for Dora Explorer').click();
    await byRole(admin, 'dialog', 'Reset password for Dora Explorer').wait();
    await fill(admin, 'New password', 'a-new-password-for-dora');
    await button(admin, 'Set password').click();
    await waitForRoleText(admin, 'status', 'The password of Dora Explorer was reset; they were signed out.');
    await byRole(dora, 'heading', 'Representative console').setTimeout(10_000).wait();
    expect(await pageText(dora)).toContain('An administrator reset your password, so you were signed out.');
    await signIn(dora, server.url, 'dora', 'a-new-password-for-dora');
    await byRole(dora, 'heading', 'Queue').wait();

    await button(admin, 'Remove Dora Explorer from Billing').click();
    await admin.waitForFunction(() => !document.querySelector('[aria-label="Members of Billing"]')?.textContent?.includes('Dora Explorer'), { timeout: 10_000 });
  });
});
