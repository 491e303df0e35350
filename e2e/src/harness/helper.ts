import { chmodSync, existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { NATIVE_HOST_NAME } from '@rs/protocol';
import { connectX11, grabRoot, queryMonitors } from '../../../native-host/src/platform/x11-client.ts';
import { WATERMARK_PIXEL, watermarkLayout, watermarkText } from '../../../native-host/src/platform/watermark.linux.ts';
import { loadOutlineFont } from '../../../native-host/src/platform/outline-font.ts';
import type { ExtensionBrowser } from './browser.ts';
import { button, waitForRoleText, waitForText } from './ui.ts';

const INSTALLED = 'open-remote-support/host/ors-host';
export const INSTALLER_NAME = 'open-remote-support-helper-linux-x64';

/** How many pixels of the screen are the watermark's colour. */
export async function watermarkPixels(): Promise<number> {
  const x = await connectX11();
  try {
    const pixels = await grabRoot(x, { x: 0, y: 0, width: x.width, height: x.height });
    return pixels.filter((p) => p === WATERMARK_PIXEL).length;
  } finally {
    x.close();
  }
}

/**
 * Whether the watermark on the first monitor spells the notice naming `repName`: every pixel of that text's
 * glyphs is lit, and nothing else in its box (another name's text lays out differently).
 */
export async function watermarkNames(repName: string): Promise<boolean> {
  const x = await connectX11();
  try {
    const [monitor] = await queryMonitors(x);
    const text = watermarkText(repName);
    // The installed helper draws with the DejaVu Sans it ships, the same file the system has here.
    const box = watermarkLayout(monitor!, text, loadOutlineFont([]));
    const pixels = await grabRoot(x, box);
    const expected = new Uint8Array(box.width * box.height);
    for (const [rx, ry, rw, rh] of box.rects)
      for (let yy = ry; yy < ry + rh; yy++) for (let xx = rx; xx < rx + rw; xx++) expected[yy * box.width + xx] = 1;
    return pixels.every((p, i) => (p === WATERMARK_PIXEL ? 1 : 0) === expected[i]);
  } finally {
    x.close();
  }
}

/** Pids of running hosts installed into `home` (their executable is the installed copy, maybe already deleted). */
export function hostPids(home: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/exe`).startsWith(join(home, '.local/share', INSTALLED));
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Elevate, Allow, and the customer runs the downloaded installer (as the
 * elevation spec does): returns when both sides say the helper is connected.
 */
export async function elevateAndInstall(
  rep: Page,
  customer: Page,
  customerBrowser: ExtensionBrowser,
  { downloads, home, installersDir }: { downloads: string; home: string; installersDir: string },
  repName = 'Administrator',
): Promise<void> {
  await button(rep, 'Elevate').click();
  await waitForText(customer, 'region', 'Full control request', `${repName} asks for full control of your computer`);
  await button(customer, 'Allow').click();
  await waitForText(customer, 'region', 'Install the support helper', 'chmod +x');
  const file = join(downloads, INSTALLER_NAME);
  const size = readFileSync(join(installersDir, 'linux', INSTALLER_NAME)).length;
  await until(() => existsSync(file) && readFileSync(file).length === size, 30_000, 'the installer was not downloaded');
  chmodSync(file, 0o755);
  execFileSync(file, ['--manifest-dir', join(customerBrowser.userDataDir, 'NativeMessagingHosts')], { env: { ...process.env, HOME: home } });
  await waitForRoleText(customer, 'status', 'The representative has full control of your computer.', 20_000);
  await waitForRoleText(rep, 'status', 'Full control: the support helper is connected.');
}

/** Polls until `ok` (no vitest here: benchmarks use this harness too). */
export async function until(ok: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The X pointer, as `xdotool getmouselocation` reports it. */
export function pointer(): { x: number; y: number } {
  const out = execFileSync('xdotool', ['getmouselocation', '--shell'], { encoding: 'utf8' });
  const x = /X=(\d+)/.exec(out)?.[1];
  const y = /Y=(\d+)/.exec(out)?.[1];
  return { x: Number(x), y: Number(y) };
}

/** The screen's size, as `xdotool getdisplaygeometry` reports it. */
export function screenSize(): { width: number; height: number } {
  const [width, height] = execFileSync('xdotool', ['getdisplaygeometry'], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  return { width: width!, height: height! };
}

/** After the session: no watermark on screen, no helper process, no manifest in the profile, nothing left in the customer's home. */
export async function expectHelperRemoved(home: string, userDataDir: string): Promise<void> {
  await expect.poll(watermarkPixels, { timeout: 10_000 }).toBe(0);
  await expect.poll(() => hostPids(home), { timeout: 10_000 }).toEqual([]);
  expect(existsSync(join(userDataDir, 'NativeMessagingHosts', `${NATIVE_HOST_NAME}.json`))).toBe(false);
  expect(readdirSync(home)).toEqual([]);
}
