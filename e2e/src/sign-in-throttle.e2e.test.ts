import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, pageText, waitForRoleText } from './harness/ui.ts';
import { signIn } from './harness/click-to-chat.ts';

async function post(url: string, body: unknown, token?: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

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
    for (const password of ['guess one', 'guess two']) expect((await post(`${server.url}/api/auth/login`, { username: 'admin', password })).status).toBe(401);
    const page = await browser.open('console.html');
    await signIn(page, server.url, 'admin', 'guess three');
    await waitForRoleText(page, 'alert', 'Wrong username or password.');
    await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await waitForRoleText(page, 'alert', 'Too many attempts. Please wait 15 minutes and try again.');
    expect(await pageText(page)).not.toContain('rate_limited');
    expect(await byRole(page, 'heading', 'Representative console').wait()).toBeTruthy();
    // The server's log is JSON lines; failed sign-ins are audit lines naming the account and the address.
    const lines = server.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.audit === 'sign_in.failed' && l.username === 'admin' && l.address === '127.0.0.1')).toHaveLength(3);
    expect(lines).toContainEqual(expect.objectContaining({ audit: 'sign_in.throttled', username: 'admin' }));
    expect(server.output()).not.toContain('guess three');
  });
});

/**
 * A customer whose session key was aimed at by wrong guesses (two of its three
 * groups right) is told, in the side panel, how long to wait. The key's lock
 * lasts the window (SESSION_KEY_LOCKOUT_MINUTES, 15), so the sentence does not
 * depend on timing.
 */
describe('customer session key when throttled', () => {
  let server: ServerProcess;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startServerProcess({ SESSION_KEY_MAX_GUESSES: '2' });
    browser = await launchWithExtension('customer');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows "Too many attempts. Please wait 15 minutes and try again." for a key under attack', async () => {
    const token = (await post(`${server.url}/api/auth/login`, { username: 'admin', password: ADMIN_PASSWORD })).body.token;
    const key = (await post(`${server.url}/api/session-keys`, { incident: 'INC-7007' }, token)).body.key!;
    const [a, b, c] = key.split(' ') as [string, string, string];
    for (const n of [1, 2]) {
      const near = `${a} ${b} ${String((Number(c) + n) % 1000).padStart(3, '0')}`;
      expect((await post(`${server.url}/api/session-keys/redeem`, { key: near, customerName: 'Mallory' })).status).toBe(404);
    }
    const page = await browser.open('sidepanel.html');
    await byRole(page, 'heading', 'Chat with support').wait();
    await page.locator('summary').click();
    await fill(page, 'Support server', server.url);
    await button(page, 'Save').click();
    await fill(page, 'Your name', 'Ada');
    await fill(page, 'Session key (if you have one)', key);
    await button(page, 'Start chat').click();
    await waitForRoleText(page, 'alert', 'Too many attempts. Please wait 15 minutes and try again.');
    expect(await byRole(page, 'button', 'Start chat').wait()).toBeTruthy();
  });
});
