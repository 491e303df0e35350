import { getAsset, getRawAsset } from 'node:sea';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { Script } from 'node:vm';
import { codeCacheName, unpackBundle, verifyBundle, wrapModule, type BundleFile } from './bundle.ts';
import { mark } from '../../native-host/src/startup-trace.ts';
import type { Os } from './templates.ts';

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

/** The signed bundle, checked in place (the executable's own read-only memory: no copy) before any of it is used. */
function verifiedBundle(): Uint8Array {
  const bundle = new Uint8Array(getRawAsset('bundle'));
  if (!verifyBundle(bundle, new Uint8Array(getRawAsset('signature')), PUBLIC_KEY)) {
    throw new Error('the host package is not signed by the release key: nothing was installed');
  }
  return bundle;
}

type HostModule = { exports: { main?: (a: readonly string[], dir: string) => Promise<number> } };

/**
 * Runs the host from the verified bundle in memory, never from the copies on
 * disk: `host.cjs` first; its chunks (`require("./x.cjs")`, the platform) when
 * it asks for them, from the same verified bytes. Each file compiles with its
 * V8 code cache from the bundle when there is one for this Node.
 */
async function runHost(): Promise<number> {
  const installDir = dirname(process.execPath);
  const files = new Map<string, BundleFile>(unpackBundle(verifiedBundle()).map((f) => [f.name, f]));
  mark('bundle verified');
  if (!files.has('host.cjs')) return 1;
  const nodeRequire = createRequire(join(installDir, 'host.cjs'));
  const loaded = new Map<string, HostModule>();
  const load = (name: string): HostModule['exports'] => {
    const done = loaded.get(name);
    if (done) return done.exports;
    const module: HostModule = { exports: {} };
    loaded.set(name, module);
    const filename = join(installDir, name);
    const cachedData = files.get(codeCacheName(name))?.data;
    const script = new Script(wrapModule(Buffer.from(files.get(name)!.data).toString('utf8')), { filename, cachedData });
    if (cachedData && script.cachedDataRejected) mark(`code cache rejected: ${name}`);
    script.runInThisContext()(module.exports, hostRequire, module, filename, installDir);
    return module.exports;
  };
  const hostRequire = Object.assign(
    (id: string) => (id.startsWith('./') && id.endsWith('.cjs') && files.has(id.slice(2)) ? load(id.slice(2)) : nodeRequire(id)),
    { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: nodeRequire.main, extensions: nodeRequire.extensions },
  );
  const host = load('host.cjs');
  mark('host code loaded');
  return host.main!(args, installDir);
}

function flagValues(name: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => a === name && args[i + 1] && out.push(args[i + 1]!));
  return out;
}

async function cli(): Promise<number> {
  if (startedByBrowser) return runHost();
  if (args[0] === '--version') {
    // What the build (and a person) checks: this runs as the installer and carries this bundle, whose signature holds.
    const bundle = verifiedBundle();
    console.log(`open-remote-support-helper bundle ${process.getBuiltinModule('node:crypto').createHash('sha256').update(bundle).digest('hex')}`);
    return 0;
  }
  // The installer's own code (and the protocol it needs) loads only when run as the installer.
  const { expand, install, RECORD_FILE } = await import('./install.ts');
  const { INSTALL_DIRS } = await import('./templates.ts');
  const { RecordUninstaller } = await import('../../native-host/src/uninstall.ts');
  if (args.includes('--uninstall')) {
    const dir = expand(INSTALL_DIRS[OS], homedir(), process.env);
    const deferred = OS === 'windows' ? async () => (await import('../../native-host/src/platform/remover.win32.ts')).windowsDeferredRemover : undefined;
    const removed = await new RecordUninstaller(dir, deferred).uninstall();
    console.log(removed.length ? `Removed ${removed.length} files and folders.` : `Nothing to remove (no ${join(dir, RECORD_FILE)}).`);
    // Files in use (the helper still running) are removed by a process that waits for it; the record lists them until then.
    if (removed.length && process.getBuiltinModule('node:fs').existsSync(join(dir, RECORD_FILE))) console.log('The rest is removed as soon as the helper has stopped.');
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
