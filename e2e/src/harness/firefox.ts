import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { DEV_CUSTOMER_GECKO_ID } from '@rs/protocol';
import { REPO_ROOT } from './server.ts';

export const FIREFOX = '/usr/lib/firefox-esr/firefox-esr';
/** The moz-extension host this run pins (Firefox would pick a random one per install, as it does for customers). */
export const FIREFOX_UUID = '0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

export interface FirefoxCustomer {
  browser: Browser;
  /** The HOME Firefox runs with: it reads native messaging host manifests from `<home>/.mozilla/native-messaging-hosts/`. */
  home: string;
  /** Opens one of the extension's pages in a new tab. */
  open(page: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's firefox-esr driven over WebDriver BiDi, with the customer extension's Firefox build installed
 * as a temporary add-on (unsigned is fine). Headful when there is an X display (screen capture needs one);
 * sharing is granted without a prompt and picks the whole screen. HOME is a temp folder, so
 * ~/.mozilla/native-messaging-hosts is this run's own.
 */
export async function launchFirefoxCustomer(): Promise<FirefoxCustomer> {
  const home = mkdtempSync(join(tmpdir(), 'rs-e2e-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: !process.env.DISPLAY,
    // Needed to navigate to moz-extension:// pages over BiDi.
    args: ['--remote-allow-system-access', '-width', '1280', '-height', '800'],
    env: { ...process.env, HOME: home },
    defaultViewport: null,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [DEV_CUSTOMER_GECKO_ID]: FIREFOX_UUID }),
      'media.navigator.permission.disabled': true,
      // The loopback-only namespace: offer loopback candidates, as Chromium's --allow-loopback-in-peer-connection does.
      'media.peerconnection.ice.loopback': true,
    },
  });
  await browser.installExtension(join(REPO_ROOT, 'extension/.output/customer/firefox-mv2'));
  return {
    browser,
    home,
    async open(path) {
      const page = await browser.newPage();
      // page.goto() waits for a navigation event Firefox does not send for moz-extension://: navigate over BiDi directly.
      const context = (page.mainFrame() as unknown as { browsingContext: { navigate(url: string, wait: 'complete'): Promise<unknown> } }).browsingContext;
      await context.navigate(`moz-extension://${FIREFOX_UUID}/${path}`, 'complete');
      return page;
    },
    async close() {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
