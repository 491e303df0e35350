import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { CONSOLE_EXTENSION, CUSTOMER_EXTENSION } from '@rs/protocol';
import { ADMIN_PASSWORD, startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, waitForRoleText, waitForText } from './harness/ui.ts';
import { signIn } from './harness/click-to-chat.ts';

/** What a page reported: CSP violations (the DOM event) and console errors that mention the policy or eval. */
interface Reports {
  violations: string[];
  consoleErrors: string[];
}

/**
 * The extension pages run under Manifest V3's own policy (no eval, no inline
 * script). The console tab and the customer's side panel sign in, chat and
 * parse every frame with the protocol's schemas, and neither page reports a
 * violation: zod's eval probe would log one on the first schema it builds.
 */
describe('extension pages under the Manifest V3 Content-Security-Policy', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startServerProcess({ CUSTOMER_GRACE_MS: '30000' });
    [consoleBrowser, customerBrowser] = await Promise.all([launchWithExtension('console'), launchWithExtension('customer')]);
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), customerBrowser?.close()]);
    await server?.stop();
  });

  /** Opens an extension page with the watchers in place before its first script runs. */
  async function watchedExtensionPage(browser: ExtensionBrowser, extensionId: string, path: string): Promise<{ page: Page; reports: () => Promise<Reports> }> {
    const page = await browser.browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy|CSP|unsafe-eval|EvalError/i.test(m.text())) consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => {
      if (/Content.Security.Policy|unsafe-eval|EvalError/i.test(String(e))) consoleErrors.push(String(e));
    });
    await page.evaluateOnNewDocument(() => {
      const seen: string[] = [];
      (window as unknown as { __csp: string[] }).__csp = seen;
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    // Right after launch Chromium may still be loading the extension and answer ERR_BLOCKED_BY_CLIENT for a moment.
    for (let attempt = 1; ; attempt++) {
      try {
        await page.goto(`chrome-extension://${extensionId}/${path}`);
        break;
      } catch (error) {
        if (attempt >= 40 || !String(error).includes('ERR_BLOCKED_BY_CLIENT')) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    return { page, reports: async () => ({ violations: await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp), consoleErrors }) };
  }

  it('the console tab and the customer side panel chat with no CSP violation', async () => {
    const rep = await watchedExtensionPage(consoleBrowser, CONSOLE_EXTENSION.id, 'console.html');
    await signIn(rep.page, server.url, 'admin', ADMIN_PASSWORD);
    await byRole(rep.page, 'heading', 'Queue').wait();

    const customer = await watchedExtensionPage(customerBrowser, CUSTOMER_EXTENSION.id, 'sidepanel.html');
    await byRole(customer.page, 'heading', 'Chat with support').wait();
    await customer.page.locator('summary').click();
    await fill(customer.page, 'Support server', server.url);
    await button(customer.page, 'Save').click();
    await fill(customer.page, 'Your name', 'Dana Csp');
    await button(customer.page, 'Start chat').click();

    await rep.page.bringToFront();
    await button(rep.page, 'Accept Dana Csp').click();
    await customer.page.bringToFront();
    await waitForRoleText(customer.page, 'status', 'You are chatting with Administrator.');
    await fill(customer.page, 'Message', 'Hello from the side panel');
    await button(customer.page, 'Send').click();
    await rep.page.bringToFront();
    await waitForText(rep.page, 'log', 'Conversation', 'Hello from the side panel');
    await fill(rep.page, 'Message', 'Hi from the console');
    await button(rep.page, 'Send').click();
    await customer.page.bringToFront();
    await waitForText(customer.page, 'log', 'Conversation', 'Hi from the console');

    expect(await rep.reports()).toEqual({ violations: [], consoleErrors: [] });
    expect(await customer.reports()).toEqual({ violations: [], consoleErrors: [] });
  });
});
