import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CONSOLE_EXTENSION, CUSTOMER_EXTENSION } from '@rs/protocol';
import { REPO_ROOT } from './server.ts';

export const CHROMIUM = '/usr/lib/chromium/chromium';
const EXTENSIONS = { customer: CUSTOMER_EXTENSION, console: CONSOLE_EXTENSION } as const;

export interface ExtensionBrowser {
  browser: Browser;
  /** The profile folder (`--user-data-dir`); Chromium reads native host manifests from its NativeMessagingHosts/. */
  userDataDir: string;
  /** Opens one of the extension's pages in a new tab, as a person who clicked it would see it. */
  open(page: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * A real Chromium with one of our built extensions loaded, its own profile,
 * headful when there is an X display (the test script starts Xvfb), else headless.
 */
export interface LaunchOptions {
  /** Extra Chromium switches, e.g. `--auto-select-desktop-capture-source=Entire screen`. */
  args?: string[];
  windowSize?: { width: number; height: number };
  /** False leaves out `--allow-loopback-in-peer-connection`: in the loopback-only namespace, WebRTC then has no address to offer. */
  loopbackPeers?: boolean;
}

export async function launchWithExtension(app: keyof typeof EXTENSIONS, options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const ext = EXTENSIONS[app];
  const profile = mkdtempSync(join(tmpdir(), `rs-e2e-${app}-`));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: !process.env.DISPLAY,
    pipe: true,
    enableExtensions: [join(REPO_ROOT, 'extension/.output', app, 'chrome-mv3')],
    userDataDir: join(profile, 'profile'),
    env: { ...process.env, XDG_CONFIG_HOME: join(profile, 'xdg') },
    defaultViewport: { width: 1000, height: 720 },
    args: [
      '--no-sandbox',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.loopbackPeers === false ? [] : ['--allow-loopback-in-peer-connection']),
      `--window-size=${options.windowSize?.width ?? 1000},${options.windowSize?.height ?? 800}`,
      ...(options.args ?? []),
    ],
  });
  return {
    browser,
    userDataDir: join(profile, 'profile'),
    async open(path) {
      const page = await browser.newPage();
      // Right after launch Chromium may still be loading the extension and answer ERR_BLOCKED_BY_CLIENT for a moment.
      for (let attempt = 1; ; attempt++) {
        try {
          await page.goto(`chrome-extension://${ext.id}/${path}`);
          return page;
        } catch (error) {
          if (attempt >= 40 || !String(error).includes('ERR_BLOCKED_BY_CLIENT')) throw error;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
