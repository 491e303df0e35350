import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, fill, waitForRoleText, waitForText, say } from './harness/ui.ts';
import { signInConsole } from './harness/click-to-chat.ts';

/** What the page reported: CSP violations (the DOM event) and console errors that mention the policy. */
interface Reports {
  violations: string[];
  consoleErrors: string[];
}

/**
 * The web chat runs whole under the server's Content-Security-Policy (no inline
 * script, no eval, sockets only to its own origin): a chat starts, is accepted
 * and carries messages both ways, and the page reports no violation. A name
 * sent with a bidi override and controls reaches the console cleaned.
 */
describe('web chat under the Content-Security-Policy', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let webBrowser: ExtensionBrowser;
  let rep: Page;

  beforeAll(async () => {
    server = await startServerProcess({ CUSTOMER_GRACE_MS: '30000' });
    [consoleBrowser, webBrowser] = await Promise.all([launchWithExtension('console'), launchWithExtension('customer')]);
    rep = await signInConsole(consoleBrowser, server.url);
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), webBrowser?.close()]);
    await server?.stop();
  });

  async function watchedPage(): Promise<{ page: Page; reports: () => Promise<Reports> }> {
    const page = await webBrowser.browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy|CSP/i.test(m.text())) consoleErrors.push(m.text());
    });
    await page.evaluateOnNewDocument(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    return { page, reports: async () => ({ violations: await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), consoleErrors }) };
  }

  it('a customer chats on the public page with no CSP violation', async () => {
    const { page, reports } = await watchedPage();
    const response = await page.goto(`${server.url}/`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');

    await fill(page, 'Your name', 'Carol\u202Eevil\u0007 Csp');
    await button(page, 'Start chat').click();
    await rep.bringToFront();
    await button(rep, 'Accept Carolevil Csp').click();
    await page.bringToFront();
    await waitForRoleText(page, 'status', 'You are chatting with Administrator.');
    await say(page, rep, 'Hello <img src=x onerror=alert(1)>');
    await say(rep, page, 'Hi from support');
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(await reports()).toEqual({ violations: [], consoleErrors: [] });
  });

  it('the static support page (session keys) loads its script and styles under the same policy', async () => {
    const { page, reports } = await watchedPage();
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => getComputedStyle(document.body).margin === '0px', { polling: 100, timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('#key-form') !== null);
    expect(await reports()).toEqual({ violations: [], consoleErrors: [] });
  });
});
