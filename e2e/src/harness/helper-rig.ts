import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { buildThrowawayInstaller } from '../../../installers/src/testing.ts';
import { launchWithExtension, type ExtensionBrowser } from './browser.ts';
import { startServerProcess, type ServerProcess } from './server.ts';
import { button, waitForText } from './ui.ts';
import { pointer, screenSize } from './helper.ts';

/** What the elevation specs share: a throwaway signed installer served by a real server, both browsers, the customer's Downloads and home. */
export type HelperRig = {
  server: ServerProcess;
  consoleBrowser: ExtensionBrowser;
  customerBrowser: ExtensionBrowser;
  build: { dir: string; installer: string };
  downloads: string;
  home: string;
  close(): Promise<void>;
};

/** Builds the installer, starts the server and both browsers; the customer's browser saves downloads to `downloads` and may share the entire screen without a picker. */
export async function startHelperRig(name: string, { shareEntireScreen = true } = {}): Promise<HelperRig> {
  const build = await buildThrowawayInstaller();
  const work = mkdtempSync(join(tmpdir(), `rs-e2e-${name}-`));
  const downloads = join(work, 'Downloads');
  const home = join(work, 'home');
  mkdirSync(downloads);
  mkdirSync(home);
  const server = await startServerProcess({ INSTALLERS_DIR: build.dir });
  const [consoleBrowser, customerBrowser] = await Promise.all([
    launchWithExtension('console'),
    launchWithExtension('customer', { args: shareEntireScreen ? ['--auto-select-desktop-capture-source=Entire screen'] : [] }),
  ]);
  const cdp = await customerBrowser.browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  return {
    server,
    consoleBrowser,
    customerBrowser,
    build,
    downloads,
    home,
    close: async () => {
      await Promise.all([consoleBrowser.close(), customerBrowser.close()]);
      await server.stop();
      rmSync(build.dir, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** The console's view of the customer's screen. */
export const VIDEO = "Customer's screen";

/** Page coordinates of a point of the frame (0..1), for a video drawn with object-fit: contain. */
export async function overVideo(rep: Page, fx: number, fy: number): Promise<{ x: number; y: number }> {
  // Before its first frame the view has no size to aim at.
  await rep.waitForFunction((label) => ((document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, { timeout: 15_000 }, VIDEO);
  return rep.evaluate(
    (label, fx, fy) => {
      const v = document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement;
      const r = v.getBoundingClientRect();
      const scale = Math.min(r.width / v.videoWidth, r.height / v.videoHeight);
      const w = v.videoWidth * scale;
      const h = v.videoHeight * scale;
      return { x: r.left + (r.width - w) / 2 + fx * w, y: r.top + (r.height - h) / 2 + fy * h };
    },
    VIDEO,
    fx,
    fy,
  );
}

/** Share Screen, Allow, and wait until the console shows frames. */
export async function shareScreen(rep: Page, customer: Page): Promise<void> {
  await button(rep, 'Share Screen').click();
  await waitForText(customer, 'alertdialog', 'Screen sharing request', 'Administrator asks to view your screen.');
  await button(customer, 'Allow').click();
  await button(customer, 'STOP SHARING').wait();
  await rep.waitForFunction((label) => ((document.querySelector(`video[aria-label="${label}"]`) as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, { timeout: 20_000 }, VIDEO);
}

/** Where the host puts a 0..1 point on this one-monitor desktop. */
export const expectedPointer = (fx: number, fy: number) => ({ x: Math.round(fx * (screenSize().width - 1)), y: Math.round(fy * (screenSize().height - 1)) });
export const nearPointer = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.abs(a.x - b.x) <= 4 && Math.abs(a.y - b.y) <= 4;

/**
 * Moves the representative's mouse over the shared screen at (fx, fy) until the customer's X pointer is
 * there, aiming again on each try as a person would: right after a new share the view may still settle
 * (first frames, resolution), and a move made before Control reaches the helper does not count.
 */
export async function pointAt(rep: Page, fx: number, fy: number, timeout = 15_000): Promise<void> {
  await expect
    .poll(
      async () => {
        const at = await overVideo(rep, fx, fy);
        await rep.mouse.move(at.x + 2, at.y);
        await rep.mouse.move(at.x, at.y);
        return pointer();
      },
      { timeout, interval: 300 },
    )
    .toSatisfy((p: { x: number; y: number }) => nearPointer(p, expectedPointer(fx, fy)));
}
