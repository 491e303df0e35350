import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { button, byRole, waitForRoleText, waitForText } from './harness/ui.ts';
import { startChatAndAccept } from './harness/session.ts';
import { elevateAndInstall, expectHelperRemoved, screenSize } from './harness/helper.ts';
import { pointAt, shareScreen, startHelperRig, type HelperRig } from './harness/helper-rig.ts';

/**
 * Elevation survives a reload: a pending request is still there after the
 * customer's chat reloads, and after a console reload the server sends the elevation state
 * and the permissions with the session snapshot, so the reloaded console
 * knows the helper is still connected. The share went with the old page; the
 * customer shares again, and the representative turns Control on and moves
 * the customer's X pointer, with no second Elevate.
 */
const ASKS = 'Administrator asks for full control of your computer';

describe('elevation after reloads', () => {
  let rig: HelperRig;
  let rep: Page;
  let customer: Page;

  beforeAll(async () => {
    rig = await startHelperRig('elevation-reload');
  });

  afterAll(async () => {
    await rig?.close();
  });

  it('after reloads of the chat and the console, the request and the helper are known, and Control works again on a new share', async () => {
    ({ rep, customer } = await startChatAndAccept(rig.server, rig.consoleBrowser, rig.customerBrowser, 'Ada Lovelace', { recording: false }));
    // A request pending while the customer's chat reloads is still there after the reload.
    await button(rep, 'Elevate').click();
    await waitForText(customer, 'region', 'Full control request', ASKS);
    await customer.reload();
    await waitForText(customer, 'region', 'Full control request', ASKS);
    await button(customer, 'Refuse').click();
    await waitForRoleText(rep, 'status', 'The customer refused full control.');

    await elevateAndInstall(rep, customer, rig.customerBrowser, { downloads: rig.downloads, home: rig.home, installersDir: rig.build.dir });
    await shareScreen(rep, customer);
    await waitForRoleText(rep, 'status', 'Control is off.');
    // The console's window beside the screen, so the moved pointer never passes over its own view of it.
    const cdp = await rep.createCDPSession();
    const { windowId } = await cdp.send('Browser.getWindowForTarget');
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { left: screenSize().width + 20, top: 0 } });

    await rep.reload();
    // Straight from the snapshot: no new elevation notice has been sent.
    await waitForRoleText(rep, 'status', 'Full control: the support helper is connected.', 20_000);
    expect(await rep.$eval('::-p-aria([name="Elevate"][role="button"])', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    // The old page's view went with it: the customer's side ends that share, the helper stays connected.
    await customer.waitForFunction(() => ![...document.querySelectorAll('button')].some((b) => b.textContent === 'STOP SHARING'), { timeout: 20_000 });
    await waitForRoleText(customer, 'status', 'The representative has full control of your computer.');

    await shareScreen(rep, customer);
    await waitForRoleText(rep, 'status', 'Control is off.');
    await button(rep, 'Control').click();
    await waitForRoleText(rep, 'status', 'Control is on');
    for (const [fx, fy] of [[0.3, 0.4], [0.75, 0.6]] as const) await pointAt(rep, fx, fy);
  });

  it('the session closes: the helper removes itself', async () => {
    await button(rep, 'End Session').click();
    await byRole(rep, 'dialog', 'End this session?').wait();
    await button(rep, 'Close Session').click();
    await waitForRoleText(customer, 'status', 'The session has ended.');
    await expectHelperRemoved(rig.home, rig.customerBrowser.userDataDir);
  });
});
