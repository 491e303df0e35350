import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { NATIVE_HOST_NAME, type InstallRecord } from '@rs/protocol';
import { unpackBundle, verifyBundle } from './bundle.ts';
import { BROWSERS, INSTALL_DIRS, manifestFileName, renderManifest, type Os } from './templates.ts';

export const HOST_EXECUTABLE: Record<Os, string> = { linux: 'ors-host', macos: 'ors-host', windows: 'ors-host.exe' };
export const RECORD_FILE = 'install.json';

export type InstallOptions = {
  os: Os;
  bundle: Uint8Array;
  signature: Uint8Array;
  publicKeyPem: string;
  /** The executable that becomes the host (the installer itself: it runs as the host when a browser starts it). */
  launcher: string;
  home?: string;
  env?: NodeJS.ProcessEnv;
  /** Extra manifest folders (a browser profile started with --user-data-dir reads `<dir>/NativeMessagingHosts`). */
  extraManifestDirs?: string[];
};

export type InstallResult = { record: InstallRecord; installDir: string; browsers: string[] };

/** Expands ~ and %VAR% in the location tables. */
export function expand(path: string, home: string, env: NodeJS.ProcessEnv): string {
  return path.replace(/^~(?=\/|$)/, home).replace(/%(\w+)%/g, (_, name: string) => env[name] ?? `%${name}%`);
}

/**
 * Installs the host for the current user. Order matters: the signature is
 * checked before anything is written; then the host files, then one manifest
 * per browser present (plus any extra folder), then the install record the
 * host reads to remove exactly this when the session ends. It writes nothing
 * else: no trust anchors, no URL handlers, nothing system-wide.
 */
export function install(options: InstallOptions): InstallResult {
  if (!verifyBundle(options.bundle, options.signature, options.publicKeyPem)) {
    throw new Error('the host package is not signed by the release key: nothing was installed');
  }
  const files = unpackBundle(options.bundle);
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  const installDir = expand(INSTALL_DIRS[options.os], home, env);
  const record: InstallRecord = { version: 1, files: [], manifests: [], registryKeys: [], dirs: [], createdRegistryKeys: [] };

  const makeDir = (dir: string) => {
    // Record each folder we create, outermost first, so uninstall removes only ours.
    const missing: string[] = [];
    for (let d = dir; !existsSync(d); d = dirname(d)) missing.unshift(d);
    mkdirSync(dir, { recursive: true });
    record.dirs.push(...missing);
  };

  makeDir(installDir);
  const hostPath = join(installDir, HOST_EXECUTABLE[options.os]);
  copyFileSync(options.launcher, hostPath);
  chmodSync(hostPath, 0o755);
  record.files.push(hostPath);
  for (const f of files) {
    const path = join(installDir, f.name);
    writeFileSync(path, f.data, { mode: f.mode });
    record.files.push(path);
  }

  const browsers: string[] = [];
  const writeManifest = (dir: string, family: 'chromium' | 'firefox') => {
    makeDir(dir);
    const path = join(dir, manifestFileName());
    writeFileSync(path, renderManifest(family, hostPath));
    record.manifests.push(path);
    return path;
  };
  for (const browser of BROWSERS) {
    const where = browser.where[options.os];
    if (!existsSync(expand(where.profile, home, env))) continue;
    browsers.push(browser.id);
    if (options.os === 'windows') {
      // Windows: the manifest sits with the host; the registry key points at it.
      const path = writeManifest(join(installDir, browser.family), browser.family);
      const key = `${where.manifests}\\${NATIVE_HOST_NAME}`;
      // Loaded here, not at the executable's start: the same file starts as the host, which never needs it.
      const { execFileSync, spawnSync } = process.getBuiltinModule('node:child_process');
      // The keys above ours that do not exist yet are ours too: uninstall removes them when empty.
      const missing: string[] = [];
      for (let k = where.manifests; k.split('\\').length > 2 && spawnSync('reg', ['query', k], { stdio: 'ignore' }).status !== 0; k = k.slice(0, k.lastIndexOf('\\'))) missing.unshift(k);
      execFileSync('reg', ['add', key, '/ve', '/t', 'REG_SZ', '/d', path, '/f'], { stdio: 'ignore' });
      record.registryKeys.push(key);
      record.createdRegistryKeys.push(...missing.filter((k) => !record.createdRegistryKeys.includes(k)));
    } else {
      writeManifest(expand(where.manifests, home, env), browser.family);
    }
  }
  for (const dir of options.extraManifestDirs ?? []) writeManifest(dir, 'chromium');

  const recordPath = join(installDir, RECORD_FILE);
  writeFileSync(recordPath, JSON.stringify(record, null, 2));
  return { record, installDir, browsers };
}
