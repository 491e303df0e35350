import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { byRole, pageText, waitForRoleText } from './harness/ui.ts';
import { signIn } from './harness/click-to-chat.ts';

/**
 * Too many wrong sign-ins from one address: the console refuses even the right
 * password and says, in a sentence, how long to wait. The address budget is
 * small here so the wait (its window, 15 minutes) does not depend on timing.
 */
describe('console sign-in when throttled', () => {
  let server: ServerProcess;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startServerProcess({ SIGN_IN_ADDRESS_MAX_FAILURES: '3' });
    browser = await launchWithExtension('console');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows "Too many attempts. Please wait 15 minutes and try again." after too many wrong passwords', async () => {
    // Two wrong guesses from this machine's address outside the browser, the third in the form.
    for (const password of ['guess one', 'guess two']) {
      const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
      expect(res.status).toBe(401);
    }
    const page = await browser.open('console.html');
    await signIn(page, server.url, 'admin', 'guess three');
    await waitForRoleText(page, 'alert', 'wrong username or password');
    await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await waitForRoleText(page, 'alert', 'Too many attempts. Please wait 15 minutes and try again.');
    expect(await pageText(page)).not.toContain('rate_limited');
    expect(await byRole(page, 'heading', 'Representative console').wait()).toBeTruthy();
    expect(server.output()).toMatch(/sign-in failed for "admin" from 127\.0\.0\.1/);
    expect(server.output()).not.toContain('guess three');
  });
});
