import { getAsset } from 'node:sea';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { unpackBundle, verifyBundle } from './bundle.ts';
import { expand, install, RECORD_FILE } from './install.ts';
import { INSTALL_DIRS, type Os } from './templates.ts';
import { RecordUninstaller } from '../../native-host/src/uninstall.ts';
import { mark } from '../../native-host/src/startup-trace.ts';

mark('launcher running');

/**
 * The one executable a customer downloads (Node's single executable
 * application). Run by a person it installs (or, with --uninstall, removes)
 * the host; started by a browser (the caller origin in argv) it is the host.
 * The host bundle and its detached signature are SEA assets; the release
 * public key is compiled in, and the signature is checked before installing
 * and again at every host start, before any host code runs.
 */
declare const __RELEASE_PUBLIC_KEY__: string;
const PUBLIC_KEY = __RELEASE_PUBLIC_KEY__;
const OS: Os = process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'macos' : 'linux';

const args = process.argv.slice(2);
const startedByBrowser = args[0]?.startsWith('chrome-extension://') || (args.length >= 2 && /\.json$/.test(args[0] ?? ''));

function verifiedBundle(): Uint8Array {
  const bundle = new Uint8Array(getAsset('bundle'));
  if (!verifyBundle(bundle, new Uint8Array(getAsset('signature')), PUBLIC_KEY)) {
    throw new Error('the host package is not signed by the release key: nothing was installed');
  }
  return bundle;
}

async function runHost(): Promise<number> {
  const installDir = dirname(process.execPath);
  const host = unpackBundle(verifiedBundle()).find((f) => f.name === 'host.cjs');
  mark('bundle verified');
  if (!host) return 1;
  const file = join(installDir, 'host.cjs');
  const module = { exports: {} as { main?: (a: readonly string[], dir: string) => Promise<number> } };
  // The verified bytes in memory run, not the copy on disk.
  new Function('exports', 'require', 'module', '__filename', '__dirname', Buffer.from(host.data).toString('utf8'))(
    module.exports, createRequire(file), module, file, installDir,
  );
  mark('host code loaded');
  return module.exports.main!(args, installDir);
}

function flagValues(name: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => a === name && args[i + 1] && out.push(args[i + 1]!));
  return out;
}

async function cli(): Promise<number> {
  if (startedByBrowser) return runHost();
  if (args.includes('--uninstall')) {
    const dir = expand(INSTALL_DIRS[OS], homedir(), process.env);
    const removed = await new RecordUninstaller(dir).uninstall();
    console.log(removed.length ? `Removed ${removed.length} files and folders.` : `Nothing to remove (no ${join(dir, RECORD_FILE)}).`);
    return 0;
  }
  const extra = [...flagValues('--manifest-dir'), ...(process.env.ORS_EXTRA_MANIFEST_DIRS ?? '').split(':').filter(Boolean)];
  const result = install({ os: OS, bundle: verifiedBundle(), signature: new Uint8Array(getAsset('signature')), publicKeyPem: PUBLIC_KEY, launcher: process.execPath, extraManifestDirs: extra });
  console.log(`Installed the Open Remote Support helper in ${result.installDir}`);
  console.log(`Registered for: ${[...result.browsers, ...extra].join(', ') || 'no browser found'}`);
  console.log('It removes itself when the support session ends. Return to your browser: it connects by itself.');
  return 0;
}

cli().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
