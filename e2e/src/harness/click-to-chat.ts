import type { Page } from 'puppeteer-core';
import type { Notice, Site, SiteSettings } from '@rs/protocol';
import { ADMIN_PASSWORD } from './server.ts';
import type { ExtensionBrowser } from './browser.ts';
import { button, byRole, fill, waitForText } from './ui.ts';

/** REST as the admin, for setting up what a test needs (the Settings page itself is driven in intake.e2e). */
export async function adminApi(url: string) {
  const signIn = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const { token } = (await signIn.json()) as { token: string };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  return {
    token,
    call,
    async defaultSite(): Promise<Site> {
      return (await call<{ sites: Site[] }>('GET', '/api/admin/sites')).sites.find((s) => s.path === '/')!;
    },
    async configure(patch: Partial<SiteSettings>, path = '/', name?: string): Promise<Site> {
      const sites = (await call<{ sites: Site[] }>('GET', '/api/admin/sites')).sites;
      const site = sites.find((s) => s.path === path);
      if (!site) {
        const { DEFAULT_SITE_SETTINGS } = await import('@rs/protocol');
        return call<Site>('POST', '/api/admin/sites', { name: name ?? path, path, settings: { ...DEFAULT_SITE_SETTINGS, ...patch } });
      }
      return call<Site>('PUT', `/api/admin/sites/${site.id}`, { name: site.name, path: site.path, settings: { ...site.settings, ...patch } });
    },
    addNotice: (title: string, text: string, active = true) => call<Notice>('POST', '/api/admin/notices', { title, text, active }),
    sessions: async () => (await call<{ sessions: { id: string; customerName: string; state: string; recordingAllowed?: boolean | null }[] }>('GET', '/api/sessions')).sessions,
  };
}

/** The representative signs in to the console. */
export async function signInConsole(consoleBrowser: ExtensionBrowser, url: string): Promise<Page> {
  const rep = await consoleBrowser.open('console.html');
  await signIn(rep, url, 'admin', ADMIN_PASSWORD);
  await byRole(rep, 'heading', 'Queue').wait();
  return rep;
}

/** Fills the console's sign-in form and presses Sign in (the caller waits for what should follow). */
export async function signIn(page: Page, serverUrl: string, username: string, password: string): Promise<void> {
  await byRole(page, 'heading', 'Representative console').wait();
  await fill(page, 'Server', serverUrl);
  await fill(page, 'Username', username);
  await fill(page, 'Password', password);
  await button(page, 'Sign in').click();
}

/** A customer opens the extension (full client), points it at the server and gives their name. */
export async function extensionStart(customerBrowser: ExtensionBrowser, url: string, name: string): Promise<Page> {
  const page = await customerBrowser.open('sidepanel.html');
  await byRole(page, 'heading', 'Chat with support').wait();
  await page.locator('summary').click();
  await fill(page, 'Support server', url);
  await button(page, 'Save').click();
  await fill(page, 'Your name', name);
  await button(page, 'Start chat').click();
  return page;
}

/** A customer opens the public support page (web chat) of a site and gives their name. */
export async function webStart(browser: ExtensionBrowser, url: string, name: string, path = '/'): Promise<Page> {
  const page = await browser.browser.newPage();
  await page.goto(url + path);
  await byRole(page, 'heading', 'Chat with support').wait();
  await fill(page, 'Your name', name);
  await button(page, 'Start chat').click();
  return page;
}

/** Waits for the queue greeting (position and estimated wait) to read `text`. */
export const greeting = (page: Page, text: string, timeout = 10_000) => waitForText(page, 'region', 'Your place in the queue', text, timeout);
