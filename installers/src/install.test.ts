import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CUSTOMER_EXTENSION, NATIVE_HOST_NAME } from '@rs/protocol';
import { RecordUninstaller } from '../../native-host/src/uninstall.ts';
import { generateSigningKey, packBundle, signBundle } from './bundle.ts';
import { install } from './install.ts';

const tree = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true }).map((e) => relative(root, join(e.parentPath, e.name))).sort();

let home: string;
const key = generateSigningKey();
const bundle = packBundle([
  { name: 'host.cjs', mode: 0o644, data: Buffer.from('module.exports = {}') },
  { name: 'libnut.node', mode: 0o755, data: Buffer.from([1, 2, 3]) },
]);
const signature = signBundle(bundle, key.privateKeyPem);

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'rs-install-'));
  mkdirSync(join(home, '.config/chromium'), { recursive: true });
  mkdirSync(join(home, '.mozilla'), { recursive: true });
  writeFileSync(join(home, 'launcher'), '#!/bin/sh\n');
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('install', () => {
  it('registers the host for each browser present, and uninstall removes exactly what it wrote', async () => {
    const before = tree(home);
    const extra = join(home, 'profile');
    const result = install({ os: 'linux', bundle, signature, publicKeyPem: key.publicKeyPem, launcher: join(home, 'launcher'), home, env: {}, extraManifestDirs: [join(extra, 'NativeMessagingHosts')] });
    expect(result.browsers).toEqual(['chromium', 'firefox']);
    const hostPath = join(home, '.local/share/open-remote-support/host/ors-host');
    const chromium = JSON.parse(readFileSync(join(home, `.config/chromium/NativeMessagingHosts/${NATIVE_HOST_NAME}.json`), 'utf8'));
    expect(chromium).toMatchObject({ path: hostPath, allowed_origins: [`chrome-extension://${CUSTOMER_EXTENSION.id}/`] });
    expect(JSON.parse(readFileSync(join(home, `.mozilla/native-messaging-hosts/${NATIVE_HOST_NAME}.json`), 'utf8')).path).toBe(hostPath);
    expect(JSON.parse(readFileSync(join(extra, `NativeMessagingHosts/${NATIVE_HOST_NAME}.json`), 'utf8')).path).toBe(hostPath);
    expect(statSync(hostPath).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(home, '.local/share/open-remote-support/host/host.cjs'), 'utf8')).toBe('module.exports = {}');
    // Nothing for browsers that are not there.
    expect(tree(home).some((p) => p.includes('google-chrome'))).toBe(false);

    await new RecordUninstaller(result.installDir).uninstall();
    expect(tree(home)).toEqual(before);
  });

  it('lays the helper out on macOS as each browser reads it, and removes all of it', async () => {
    const mac = join(home, 'Library/Application Support');
    mkdirSync(join(mac, 'Google/Chrome'), { recursive: true });
    mkdirSync(join(mac, 'Firefox'), { recursive: true });
    const before = tree(home);
    const result = install({ os: 'macos', bundle, signature, publicKeyPem: key.publicKeyPem, launcher: join(home, 'launcher'), home, env: {} });
    expect(result.browsers).toEqual(['chrome', 'firefox']);
    const hostPath = join(mac, 'OpenRemoteSupport/host/ors-host');
    expect(result.installDir).toBe(join(mac, 'OpenRemoteSupport/host'));
    expect(result.record.manifests).toEqual([join(mac, `Google/Chrome/NativeMessagingHosts/${NATIVE_HOST_NAME}.json`), join(mac, `Mozilla/NativeMessagingHosts/${NATIVE_HOST_NAME}.json`)]);
    expect(JSON.parse(readFileSync(result.record.manifests[0]!, 'utf8'))).toMatchObject({ path: hostPath, allowed_origins: [`chrome-extension://${CUSTOMER_EXTENSION.id}/`] });
    expect(JSON.parse(readFileSync(result.record.manifests[1]!, 'utf8'))).toMatchObject({ path: hostPath });
    expect(statSync(hostPath).mode & 0o111).not.toBe(0);
    // The install record beside the host lists everything, the folders it created included (Mozilla's, OpenRemoteSupport).
    expect(JSON.parse(readFileSync(join(result.installDir, 'install.json'), 'utf8'))).toMatchObject({ files: [hostPath, join(result.installDir, 'host.cjs'), join(result.installDir, 'libnut.node')], registryKeys: [] });
    expect(result.record.dirs).toEqual(expect.arrayContaining([join(mac, 'OpenRemoteSupport'), join(mac, 'Mozilla')]));
    await new RecordUninstaller(result.installDir).uninstall();
    expect(tree(home)).toEqual(before);
  });

  it('refuses a tampered bundle or a wrong signature before writing anything', () => {
    const before = tree(home);
    const tampered = Buffer.from(bundle);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 1, tampered.length - 1);
    const options = { os: 'linux' as const, publicKeyPem: key.publicKeyPem, launcher: join(home, 'launcher'), home, env: {} };
    expect(() => install({ ...options, bundle: tampered, signature })).toThrow(/not signed by the release key/);
    const other = generateSigningKey();
    expect(() => install({ ...options, bundle, signature: signBundle(bundle, other.privateKeyPem) })).toThrow(/not signed/);
    expect(tree(home)).toEqual(before);
  });
});

describe('bundle', () => {
  it('refuses file names that could leave the install folder', async () => {
    const { unpackBundle } = await import('./bundle.ts');
    for (const name of ['../evil', 'a/b', '.hidden', '']) {
      const bad = packBundle([{ name, mode: 0o644, data: Buffer.from('x') }]);
      expect(() => unpackBundle(bad)).toThrow(/bad file name/);
    }
    expect(unpackBundle(bundle).map((f) => f.name)).toEqual(['host.cjs', 'libnut.node']);
  });
});
