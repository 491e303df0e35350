import { chmodSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { NATIVE_HOST_NAME } from '@rs/protocol';
import { ADMIN_PASSWORD, type ServerProcess } from './harness/server.ts';
import type { ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, waitForRoleText, waitForText } from './harness/ui.ts';
import { startHelperRig, type HelperRig } from './harness/helper-rig.ts';
import { expectHelperRemoved, hostPids, watermarkPixels } from './harness/helper.ts';

/**
 * Elevation end to end, under the test's Xvfb: the representative clicks
 * Elevate, the customer allows, the extension downloads the real signed
 * installer, the "customer" marks it executable and runs it, the extension
 * connects to the host with no reload, the watermark is on screen; the
 * representative closes the session and the host removes the watermark,
 * uninstalls itself and exits.
 */
describe('elevation: a signed helper with full control and a watermark, removed when the session ends', () => {
  let rig: HelperRig;
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let build: HelperRig['build'];
  let rep: Page;
  let customer: Page;
  let downloads: string;
  let home: string;

  beforeAll(async () => {
    rig = await startHelperRig('elevation', { shareEntireScreen: false });
    ({ server, consoleBrowser, customerBrowser, build, downloads, home } = rig);
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('the representative asks, the customer allows, installs the helper, and the session goes on with a watermark', async () => {
    rep = await consoleBrowser.open('console.html');
    await fill(rep, 'Server', server.url);
    await fill(rep, 'Username', 'admin');
    await fill(rep, 'Password', ADMIN_PASSWORD);
    await button(rep, 'Sign in').click();
    customer = await customerBrowser.open('sidepanel.html');
    await customer.locator('summary').click();
    await fill(customer, 'Support server', server.url);
    await button(customer, 'Save').click();
    await fill(customer, 'Your name', 'Grace Hopper');
    await button(customer, 'Start chat').click();
    await button(rep, 'Accept Grace Hopper').click();
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');
    expect(await watermarkPixels()).toBe(0);

    await button(rep, 'Elevate').click();
    await waitForRoleText(rep, 'status', 'Waiting for the customer to allow full control');
    await waitForText(customer, 'region', 'Full control request', 'Administrator asks for full control of your computer');
    await button(customer, 'Allow').click();

    // Not installed: the extension downloads the installer and says what to do.
    await waitForText(customer, 'region', 'Install the support helper', 'chmod +x');
    await waitForRoleText(rep, 'status', 'The customer is installing the support helper');
    const file = join(downloads, 'open-remote-support-helper-linux-x64');
    await expect.poll(() => existsSync(file), { timeout: 30_000 }).toBe(true);
    const size = readFileSync(join(build.dir, 'linux', 'open-remote-support-helper-linux-x64')).length;
    await expect.poll(() => (existsSync(file) ? readFileSync(file).length : 0), { timeout: 30_000 }).toBe(size);

    // The customer marks it executable and runs it. The extra manifest folder is this test
    // profile's (Chromium started with --user-data-dir reads only that one).
    chmodSync(file, 0o755);
    const manifests = join(customerBrowser.userDataDir, 'NativeMessagingHosts');
    execFileSync(file, ['--manifest-dir', manifests], { env: { ...process.env, HOME: home } });
    expect(existsSync(join(manifests, `${NATIVE_HOST_NAME}.json`))).toBe(true);

    // Same page, no reload: the extension's retry connects to the host.
    await waitForRoleText(customer, 'status', 'The representative has full control of your computer.', 20_000);
    await waitForRoleText(rep, 'status', 'Full control: the support helper is connected.');
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');
    expect(hostPids(home).length).toBe(1);
    await expect.poll(watermarkPixels, { timeout: 5000 }).toBeGreaterThan(1000);
  });

  it('the customer takes back control; the representative sees it at once', async () => {
    await button(customer, 'Take back control').click();
    await waitForRoleText(customer, 'status', 'You took back control.');
    await waitForRoleText(rep, 'status', 'The customer took back control.');
    // The helper stays until the session ends, and so does the notice that a representative is connected.
    expect(hostPids(home).length).toBe(1);
  });

  it('the representative asks again: Allow grants the helper that still runs (no second helper, no download)', async () => {
    await button(rep, 'Elevate').click();
    await waitForText(customer, 'region', 'Full control request', 'Administrator asks for full control of your computer');
    await button(customer, 'Allow').click();
    await waitForRoleText(customer, 'status', 'The representative has full control of your computer.');
    await waitForRoleText(rep, 'status', 'Full control: the support helper is connected.');
    expect(hostPids(home).length).toBe(1);
  });

  it('the representative closes the session: the watermark goes, the host exits and removes itself', async () => {
    await button(rep, 'End Session').click();
    await byRole(rep, 'dialog', 'End this session?').wait();
    await button(rep, 'Close Session').click();
    await waitForRoleText(customer, 'status', 'The session has ended.');
    await expectHelperRemoved(home, customerBrowser.userDataDir);
  });

  it('closing the chat window also removes the helper', async () => {
    const file = join(downloads, 'open-remote-support-helper-linux-x64');
    rmSync(file, { force: true });
    await button(customer, 'Start a new chat').click();
    await fill(customer, 'Your name', 'Ada Lovelace');
    await button(customer, 'Start chat').click();
    await button(rep, 'Accept Ada Lovelace').click();
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');
    await button(rep, 'Elevate').click();
    await button(customer, 'Allow').click();
    await waitForText(customer, 'region', 'Install the support helper', 'chmod +x');
    const size = readFileSync(join(build.dir, 'linux', 'open-remote-support-helper-linux-x64')).length;
    await expect.poll(() => (existsSync(file) ? readFileSync(file).length : 0), { timeout: 30_000 }).toBe(size);
    chmodSync(file, 0o755);
    execFileSync(file, ['--manifest-dir', join(customerBrowser.userDataDir, 'NativeMessagingHosts')], { env: { ...process.env, HOME: home } });
    await waitForRoleText(rep, 'status', 'Full control: the support helper is connected.', 20_000);
    await expect.poll(watermarkPixels, { timeout: 5000 }).toBeGreaterThan(1000);

    // The chat page held the helper's port: the helper stops with it, and the worker removes it after the grace.
    await customer.close();
    await expect.poll(() => readdirSync(home), { timeout: 20_000 }).toEqual([]);
    await expect.poll(() => hostPids(home), { timeout: 20_000 }).toEqual([]);
    expect(await watermarkPixels()).toBe(0);
    await waitForText(rep, 'log', 'Conversation', 'The customer has left the conversation.');
  });
});
