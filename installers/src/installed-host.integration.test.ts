import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CUSTOMER_EXTENSION, NATIVE_PROTOCOL_VERSION } from '@rs/protocol';
import { spawnHost, startXvfb, type HostProcess, type TestDisplay } from '../../native-host/src/testing.ts';
import { buildThrowawayInstaller, runInstaller } from './testing.ts';

/**
 * The installed host (built as the real SEA installer, signed with a throwaway
 * key, installed into a temp HOME), started as Chromium starts it: framed
 * stdio, the caller origin as argument. It injects real input into a private
 * Xvfb display with two monitors, checked with xdotool and a focused Chromium page.
 */
const ORIGIN = `chrome-extension://${CUSTOMER_EXTENSION.id}/`;

let xvfb: TestDisplay;
let browser: Browser;
let page: Page;
let host: HostProcess;
let profile: string;
let home: string;
let build: { dir: string; installer: string };

const env = () => ({ ...process.env, DISPLAY: xvfb.display });
const pointer = () => {
  const out = execFileSync('xdotool', ['getmouselocation', '--shell'], { env: env() }).toString();
  return { x: Number(/X=(\d+)/.exec(out)![1]), y: Number(/Y=(\d+)/.exec(out)![1]) };
};
let seq = 0;
const request = async (message: Record<string, unknown>) => {
  const id = `r${++seq}`;
  host.send({ ...message, id });
  return host.next((m) => 'id' in m && m.id === id);
};
const value = () => page.$eval('#field', (el) => (el as HTMLTextAreaElement).value);

beforeAll(async () => {
  build = await buildThrowawayInstaller();
  // Two monitors side by side: 1280x800, then 1024x768 (the shared view is the whole 2304x800 desktop).
  xvfb = await startXvfb(1280, 800, [[1024, 768]]);
  profile = mkdtempSync(join(tmpdir(), 'rs-host-input-'));
  home = join(profile, 'home');
  browser = await puppeteer.launch({
    executablePath: '/usr/lib/chromium/chromium',
    headless: false,
    pipe: true,
    userDataDir: join(profile, 'profile'),
    env: { ...env(), XDG_CONFIG_HOME: join(profile, 'xdg') },
    defaultViewport: null,
    args: ['--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--kiosk', '--window-position=0,0', '--window-size=1280,800'],
  });
  page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.setContent(
    '<body style="margin:0"><textarea id="field" style="position:absolute;left:400px;top:300px;width:480px;height:200px"></textarea>' +
      '<script>window.clicks=[];addEventListener("mousedown",e=>clicks.push([e.screenX,e.screenY,e.button]))</script></body>',
  );
  const hostPath = runInstaller(build.installer, home, join(profile, 'manifests'));
  host = spawnHost(hostPath, [ORIGIN], { ...env(), HOME: home });
}, 90_000);

afterAll(async () => {
  host?.kill();
  await browser?.close();
  await xvfb?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (build) rmSync(build.dir, { recursive: true, force: true });
});

it('injects pointer and keyboard input only while control is granted', async () => {
  host.send({ type: 'hello', id: 'h', v: NATIVE_PROTOCOL_VERSION });
  expect(await host.next()).toMatchObject({ type: 'helloResponse', id: 'h', v: NATIVE_PROTOCOL_VERSION });

  expect(await request({ type: 'control.grant' })).toMatchObject({ type: 'ok' });
  host.send({ type: 'pointer.move', x: 0.25, y: 0.5 });
  await expect.poll(pointer).toEqual({ x: 576, y: 400 });

  // Click into the textarea (its centre is at 640,400 on the first monitor) and type.
  host.send({ type: 'pointer.click', x: 640 / 2303, y: 400 / 799, button: 'left' });
  await expect.poll(() => page.evaluate(() => (window as unknown as { clicks: number[][] }).clicks.length)).toBe(1);
  host.send({ type: 'key.type', text: 'Hello, World! (1+1=2) é' });
  await expect.poll(value, { timeout: 15_000 }).toBe('Hello, World! (1+1=2) é');
  host.send({ type: 'key.press', keys: ['LeftControl', 'A'] });
  host.send({ type: 'key.type', text: 'x' });
  await expect.poll(value).toBe('x');
  // The bottom right of the shared view lies on the second, shorter monitor: clamped to its corner.
  host.send({ type: 'pointer.move', x: 1, y: 1 });
  await expect.poll(pointer).toEqual({ x: 2303, y: 767 });

  expect(await request({ type: 'control.revoke' })).toMatchObject({ type: 'ok' });
  host.send({ type: 'pointer.move', x: 0.9, y: 0.1 });
  expect(await host.next((m) => m.type === 'error')).toMatchObject({ code: 'forbidden' });
  host.send({ type: 'key.type', text: 'ignored' });
  expect(await host.next((m) => m.type === 'error')).toMatchObject({ code: 'forbidden' });
  await new Promise((r) => setTimeout(r, 200));
  expect(pointer()).toEqual({ x: 2303, y: 767 });
  expect(await value()).toBe('x');
}, 60_000);

it("lets the customer's own mouse win for a hold-off", async () => {
  expect(await request({ type: 'control.grant' })).toMatchObject({ type: 'ok' });
  host.send({ type: 'pointer.move', x: 0.5, y: 0.5 });
  await expect.poll(pointer).toEqual({ x: 1152, y: 400 });
  // The customer moves the mouse themselves.
  execFileSync('xdotool', ['mousemove', '100', '100'], { env: env() });
  host.send({ type: 'pointer.move', x: 0.9, y: 0.9 });
  expect(await host.next((m) => m.type === 'control.localInput')).toEqual({ type: 'control.localInput' });
  await new Promise((r) => setTimeout(r, 100));
  expect(pointer()).toEqual({ x: 100, y: 100 });
}, 30_000);

it('uninstalls (host, addon, record, manifests) and exits on request', async () => {
  expect(existsSync(join(home, '.local/share/open-remote-support/host/ors-host'))).toBe(true);
  expect(await request({ type: 'uninstall' })).toMatchObject({ type: 'ok' });
  expect(await host.exited).toBe(0);
  expect(readdirSync(home)).toEqual([]);
  expect(existsSync(join(profile, 'manifests'))).toBe(false);
}, 30_000);

it('refuses to install from a tampered executable, writing nothing', () => {
  const binary = readFileSync(build.installer);
  // Change one byte of the host code inside the signed bundle, as an attacker patching the download would.
  const at = binary.indexOf('refused caller');
  expect(at).toBeGreaterThan(0);
  binary.writeUInt8(binary.readUInt8(at) ^ 0x20, at);
  const tampered = join(profile, 'tampered-installer');
  writeFileSync(tampered, binary, { mode: 0o755 });
  const otherHome = join(profile, 'other-home');
  mkdirSync(otherHome);
  const run = spawnSync(tampered, ['--manifest-dir', join(profile, 'other-manifests')], { env: { ...process.env, HOME: otherHome } });
  expect(run.status).toBe(1);
  expect(run.stderr.toString()).toContain('not signed by the release key');
  expect(readdirSync(otherHome)).toEqual([]);
  expect(existsSync(join(profile, 'other-manifests'))).toBe(false);
}, 30_000); // reads and writes the 130 MB executable: over 5 s on the shared two cores
