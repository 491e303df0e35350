import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_EXTENSION, extensionOrigin, INSTALLER_FILE_NAMES, NATIVE_HOST_NAME, NATIVE_PROTOCOL_VERSION, type InstallRecord } from '@rs/protocol';
import { buildInstaller } from './build.ts';
import { seaAsset } from './check.ts';
import { fetchTargetNode } from './target-node.ts';
import { throwawayKeyFile } from './testing.ts';
import { waitForWineChroot, WineSession } from './testing-wine.ts';

/**
 * The Windows helper as a Windows customer gets it, under Wine 10 (Debian 13's,
 * in the chroot scripts/wine-chroot.sh caches): the real installer built from
 * this tree, installed, registered, started by a driver that does what Chrome
 * does, told the session ended, and checked to have left no file and no key.
 * Input injection and the watermark cannot be checked under Wine (no real
 * desktop; its powershell.exe is a stub): see installers/README.md.
 */
const CACHE = fileURLToPath(new URL('../.cache/', import.meta.url));
const CHROME_KEY = `HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`;
const ORIGIN = `${extensionOrigin(CUSTOMER_EXTENSION.id)}/`;
let wine: WineSession;
let installer: string;
let installDir: string;

const until = async (what: string, ready: () => boolean | Promise<boolean>, ms = 90_000) => {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

beforeAll(async () => {
  // npm test creates the chroot in the background at its start; the first run waits for it here.
  await waitForWineChroot(15 * 60_000);
  wine = new WineSession();
  const nodeExe = fetchTargetNode('windows', CACHE);
  const built = await buildInstaller({ os: 'windows', nodeBinary: nodeExe, outDir: join(wine.hostDir, 'dist'), privateKeyPem: readFileSync(throwawayKeyFile(), 'utf8'), cacheDir: join(CACHE, 'installers') });
  installer = `${wine.dir}/dist/windows/${INSTALLER_FILE_NAMES.windows}`;
  expect(built.installer).toBe(join(wine.hostDir, 'dist/windows', INSTALLER_FILE_NAMES.windows));
  try {
    linkSync(nodeExe, join(wine.hostDir, 'node.exe'));
  } catch {
    copyFileSync(nodeExe, join(wine.hostDir, 'node.exe'));
  }
  copyFileSync(fileURLToPath(new URL('./wine/chrome-driver.cjs', import.meta.url)), join(wine.hostDir, 'chrome-driver.cjs'));
  // One wineserver for the whole file (each Wine command would start its own otherwise), then the prefix.
  mkdirSync(join(wine.hostDir, 'prefix'));
  expect(await wine.run(['wineserver', '-p'])).toEqual({ code: 0, output: '' });
  expect((await wine.run(['wineboot', '-i'], 180_000)).code).toBe(0);
  // The installer registers only the browsers whose profile folder exists.
  mkdirSync(join(wine.localAppData, 'Google/Chrome'), { recursive: true });
  installDir = join(wine.localAppData, 'OpenRemoteSupport/host');
}, 20 * 60_000);

afterAll(async () => {
  await wine?.close();
});

describe('the Windows helper under Wine', () => {
  it('refuses a tampered installer and writes nothing', async () => {
    const bytes = readFileSync(join(wine.hostDir, 'dist/windows', INSTALLER_FILE_NAMES.windows));
    const bundle = seaAsset(bytes, 'bundle')!;
    bundle[bundle.length >> 1]! ^= 0xff;
    writeFileSync(join(wine.hostDir, 'tampered.exe'), bytes);
    const run = await wine.run(['wine', `${wine.dir}/tampered.exe`]);
    expect(run.code).not.toBe(0);
    expect(run.output).toContain('not signed by the release key');
    expect(existsSync(join(wine.localAppData, 'OpenRemoteSupport'))).toBe(false);
  }, 180_000);

  it('installs, registers for Chrome, answers Chrome, and leaves no file and no key when the session ends', async () => {
    const run = await wine.run(['wine', installer]);
    expect(run.output).toContain('Registered for: chrome');
    expect(run.code).toBe(0);
    const record = JSON.parse(readFileSync(join(installDir, 'install.json'), 'utf8')) as InstallRecord;
    expect(record.registryKeys).toEqual([CHROME_KEY]);
    // A fresh profile has no HKCU\Software\Google: the install created it, so removal takes it away again.
    expect(record.createdRegistryKeys).toEqual(['HKCU\\Software\\Google', 'HKCU\\Software\\Google\\Chrome', 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts']);
    expect(readdirSync(installDir).sort()).toEqual(expect.arrayContaining(['host.cjs', 'install.json', 'libnut.node', 'ors-host.exe', 'chromium']));
    const key = await wine.run(['wine', 'reg', 'query', CHROME_KEY, '/ve']);
    expect(key.output).toMatch(/REG_SZ\s+C:\\users\\root\\AppData\\Local\\OpenRemoteSupport\\host\\chromium\\/i);

    // Chrome starts the host (the driver), says hello, and the session ends: `uninstall`.
    const hello = JSON.stringify({ type: 'hello', id: 'h', v: NATIVE_PROTOCOL_VERSION });
    // Wine's powershell.exe is a stub that exits at once: the host must say the watermark is not there, not ok.
    const watermark = JSON.stringify({ type: 'watermark.show', id: 'w', repName: 'Ada' });
    const uninstall = JSON.stringify({ type: 'uninstall', id: 'u' });
    const driven = await wine.run(['wine', `${wine.dir}/node.exe`, wine.win(`${wine.dir}/chrome-driver.cjs`), wine.win(`${wine.dir}/driver.json`), CHROME_KEY, ORIGIN, hello, watermark, uninstall], 180_000);
    expect(driven.code).toBe(0);
    const result = JSON.parse(readFileSync(join(wine.hostDir, 'driver.json'), 'utf8')) as { replies: unknown[]; exitCode: number; error?: string; stderr: string };
    expect(result.error).toBeUndefined();
    expect(result.replies).toEqual([
      expect.objectContaining({ type: 'helloResponse', id: 'h', platform: 'win32' }),
      expect.objectContaining({ type: 'error', id: 'w', code: 'watermark_unavailable' }),
      { type: 'ok', id: 'u' },
    ]);
    expect(result.exitCode).toBe(0);

    // The host could not delete its own running executable and addon: its remover does, once the host is gone.
    await until('the remover to delete the install', () => !existsSync(join(wine.localAppData, 'OpenRemoteSupport')), 120_000);
    expect((await wine.run(['wine', 'reg', 'query', 'HKCU\\Software\\Google'])).code).not.toBe(0);
    expect(existsSync(join(wine.hostDir, 'prefix/drive_c/users/root/AppData/Local/Temp')) ? readdirSync(join(wine.hostDir, 'prefix/drive_c/users/root/AppData/Local/Temp')).filter((f) => f.startsWith('ors-remove-')) : []).toEqual([]);
    // Nothing left for the installer's own --uninstall either.
    expect((await wine.run(['wine', installer, '--uninstall'])).output).toContain('Nothing to remove');
  }, 600_000);
});
