import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { rolldown } from 'rolldown';
import { codeCacheName, generateSigningKey, packBundle, publicKeyOf, signBundle, wrapModule, type BundleFile } from './bundle.ts';
import { checkInstaller, PUBLIC_KEY_FILE, SEA_FUSE } from './check.ts';
import { fetchTargetNode } from './target-node.ts';
import type { Os } from './templates.ts';
import { EXTENSION_IDENTITY_VARIABLES, extensionIdentity, INSTALLER_FILE_NAMES } from '@rs/protocol';

export { SEA_FUSE };

/**
 * Builds an installer: the host bundled into one CommonJS file, packed with
 * the nut.js native addon and signed (Ed25519, detached), then a Node single
 * executable application (a Node 24 binary + the installer script + the
 * signed bundle as assets, injected with postject). The same script, install
 * code and manifest templates serve every OS; Linux x64 is built and tested
 * here with this Node. Windows builds fetch the same Node version's node.exe
 * from the npm registry (`--os windows`, see target-node.ts) or take one
 * (`--node node.exe`); macOS builds take that OS's Node binary (`--os macos
 * --node node`) and must then be signed (`codesign --sign - <file>` at least)
 * on a Mac. Neither runs here.
 *
 * The release key is never in the repository: ORS_RELEASE_KEY_FILE names a
 * PKCS#8 PEM file. `--throwaway` signs with a fresh key instead (tests, local
 * builds). `--out DIR` (default installers/dist) receives `<os>/`; `--cache DIR`
 * keeps injected executables by the hash of their inputs (local builds, tests).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
export const INSTALLER_NAMES = INSTALLER_FILE_NAMES;
const ADDON_PACKAGES: Record<Os, string> = {
  linux: '@nut-tree-fork/libnut-linux',
  windows: '@nut-tree-fork/libnut-win32',
  macos: '@nut-tree-fork/libnut-darwin',
};

/**
 * The protocol's modules only define schemas: a bundle keeps those it uses
 * (the host: native messaging), not the whole wire contract. Other packages
 * keep their own package.json `sideEffects` (zod's lets most of it go).
 */
const PROTOCOL_TREESHAKE = { moduleSideEffects: [{ test: /[\\/]protocol[\\/]src[\\/]/, sideEffects: false }] };

/**
 * The extension ids this build trusts (native-host/src/identity.ts reads each setting by name): every
 * `process.env.<NAME>` read in the bundles becomes the value given to this build, checked first.
 */
function identityDefines(): Record<string, string> {
  extensionIdentity(process.env);
  return Object.fromEntries(EXTENSION_IDENTITY_VARIABLES.map((name) => [`process.env.${name}`, JSON.stringify(process.env[name] ?? '')]));
}

async function bundleJs(input: string, define: Record<string, string> = {}): Promise<string> {
  const build = await rolldown({
    input,
    platform: 'node',
    logLevel: 'silent',
    resolve: { alias: { bindings: join(ROOT, 'installers/src/bindings-shim.cjs') } },
    treeshake: PROTOCOL_TREESHAKE,
    transform: { define: { ...identityDefines(), ...define } },
  });
  const { output } = await build.generate({ format: 'cjs', codeSplitting: false });
  await build.close();
  return output[0].code;
}

/**
 * The host in several CommonJS files: `host.cjs` (the entry: caller check,
 * framing, hello) and the chunks its dynamic imports became (X11, nut.js,
 * the watermark), which load on the first request that needs them.
 */
async function bundleHost(): Promise<Array<{ name: string; code: string }>> {
  const build = await rolldown({
    input: join(ROOT, 'native-host/src/main.ts'),
    platform: 'node',
    logLevel: 'silent',
    resolve: { alias: { bindings: join(ROOT, 'installers/src/bindings-shim.cjs') } },
    treeshake: PROTOCOL_TREESHAKE,
    transform: { define: identityDefines() },
  });
  const { output } = await build.generate({ format: 'cjs', entryFileNames: 'host.cjs', chunkFileNames: '[name]-[hash].cjs' });
  await build.close();
  return output.flatMap((o) => (o.type === 'chunk' ? [{ name: o.fileName, code: o.code }] : []));
}

/**
 * V8 code caches of the wrapped files, made by this Node: valid only for the
 * same Node binary (V8 rejects one otherwise, and the file compiles as usual).
 * The entry's top level (and the chunks it needs at once) runs first, as at
 * start, so the cache holds the functions compiled then, not only the outer one;
 * `main` is not called. The other chunks are cached as compiled.
 */
function codeCaches(files: Array<{ name: string; code: string }>): Map<string, Buffer> {
  const scripts = new Map(files.map((f) => [f.name, new Script(wrapModule(f.code), { filename: f.name })]));
  const done = new Map<string, { exports: unknown }>();
  const load = (name: string): unknown => {
    if (done.has(name)) return done.get(name)!.exports;
    const module = { exports: {} };
    done.set(name, module);
    scripts.get(name)!.runInThisContext()(module.exports, (id: string) => (scripts.has(id.slice(2)) ? load(id.slice(2)) : require(id)), module, name, '.');
    return module.exports;
  };
  load('host.cjs');
  return new Map([...scripts].map(([name, script]) => [name, script.createCachedData()]));
}

/** From Debian's fonts-dejavu-core (scripts/lib.sh installs it); without it the helper uses the desktop's copy, or draws ASCII only. */
const DEJAVU_SANS = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** Whether this machine can run that OS's executable (to ask its --version). */
const runsHere = (os: Os): boolean => os === (process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'macos' : 'linux') && process.arch === 'x64';

export type BuildResult = { installer: string; publicKeyPem: string; hostBundleBytes: number };

export const buildLinuxInstaller = (options: { outDir: string; privateKeyPem: string; cacheDir?: string }) =>
  buildInstaller({ ...options, os: 'linux', nodeBinary: process.execPath });

/**
 * `cacheDir` (local builds and tests only): the injected executable is kept
 * there under the hash of everything it is made of (the Node binary, the
 * launcher, the signed bundle, the SEA options), so an unchanged build skips
 * postject (most of the build's time); the newest few are kept.
 */
export async function buildInstaller(options: { os: Os; nodeBinary: string; outDir: string; privateKeyPem: string; cacheDir?: string }): Promise<BuildResult> {
  const work = mkdtempSync(join(tmpdir(), 'rs-installer-build-'));
  try {
    // Code caches (and the SEA's own for the launcher) only when the target runs this very Node: a cache made for another binary can crash it.
    const sameNode = options.nodeBinary === process.execPath;
    const hostFiles = await bundleHost();
    const caches = sameNode ? codeCaches(hostFiles) : new Map<string, Buffer>();
    const files: BundleFile[] = [];
    for (const { name, code } of hostFiles) {
      files.push({ name, mode: 0o644, data: Buffer.from(code) });
      const cache = caches.get(name);
      if (cache) files.push({ name: codeCacheName(name), mode: 0o644, data: cache });
    }
    const libnut = join(require.resolve(`${ADDON_PACKAGES[options.os]}/package.json`, { paths: [join(ROOT, 'native-host')] }), '../build/Release/libnut.node');
    files.push({ name: 'libnut.node', mode: 0o755, data: readFileSync(libnut) });
    // The Linux watermark draws any name (Greek, Cyrillic, ...) with DejaVu Sans; shipped in case the desktop lacks it.
    if (options.os === 'linux' && existsSync(DEJAVU_SANS)) files.push({ name: 'DejaVuSans.ttf', mode: 0o644, data: readFileSync(DEJAVU_SANS) });
    const bundle = packBundle(files);
    const publicKeyPem = publicKeyOf(options.privateKeyPem);
    writeFileSync(join(work, 'bundle'), bundle);
    writeFileSync(join(work, 'signature'), signBundle(bundle, options.privateKeyPem));
    writeFileSync(join(work, 'main.cjs'), await bundleJs(join(ROOT, 'installers/src/sea-main.ts'), { __RELEASE_PUBLIC_KEY__: JSON.stringify(publicKeyPem) }));
    writeFileSync(
      join(work, 'sea-config.json'),
      JSON.stringify({
        main: join(work, 'main.cjs'),
        output: join(work, 'sea.blob'),
        disableExperimentalSEAWarning: true,
        useCodeCache: sameNode,
        useSnapshot: false,
        assets: { bundle: join(work, 'bundle'), signature: join(work, 'signature') },
      }),
    );
    const dir = join(options.outDir, options.os);
    mkdirSync(dir, { recursive: true });
    const installer = join(dir, INSTALLER_NAMES[options.os]);
    // Written under a temporary name, checked, then renamed into place: an interrupted build never leaves a file under the served name.
    const partial = join(dir, `.${INSTALLER_NAMES[options.os]}.${process.pid}.partial`);
    removeDeadPartials(dir, INSTALLER_NAMES[options.os]);
    const node = statSync(options.nodeBinary);
    const inputs = createHash('sha256').update(JSON.stringify([options.os, options.nodeBinary, node.size, node.mtimeMs, process.version, readFileSync(join(work, 'sea-config.json'), 'utf8').replaceAll(work, '')]));
    for (const f of ['main.cjs', 'bundle', 'signature']) inputs.update(readFileSync(join(work, f)));
    const cached = options.cacheDir ? join(options.cacheDir, `${inputs.digest('hex').slice(0, 32)}.bin`) : null;
    // A cached copy that fails the check (one kept before checks existed) is dropped, not copied for ever.
    if (cached && existsSync(cached) && !checkInstaller(cached, publicKeyPem).ok) rmSync(cached, { force: true });
    try {
      if (cached && existsSync(cached)) {
        copyFileSync(cached, partial);
        chmodSync(partial, 0o755);
      } else {
        execFileSync(process.execPath, ['--experimental-sea-config', join(work, 'sea-config.json')], { stdio: 'pipe' });
        copyFileSync(options.nodeBinary, partial);
        chmodSync(partial, 0o755);
        const postject = join(require.resolve('postject/package.json', { paths: [join(ROOT, 'installers')] }), '../dist/cli.js');
        const macho = options.os === 'macos' ? ['--macho-segment-name', 'NODE_SEA'] : [];
        execFileSync(process.execPath, [postject, partial, 'NODE_SEA_BLOB', join(work, 'sea.blob'), '--sentinel-fuse', SEA_FUSE, ...macho], { stdio: 'pipe' });
      }
      const check = checkInstaller(partial, publicKeyPem);
      if (!check.ok) throw new Error(`${installer}: ${check.reason}`);
      if (runsHere(options.os)) {
        // It must start as the installer, not as Node: its --version names the bundle it carries.
        const version = execFileSync(partial, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
        if (!version.includes(check.bundleSha256.slice(0, 16))) throw new Error(`${installer}: --version did not name its bundle: ${version.slice(0, 200)}`);
      }
      if (cached && !existsSync(cached)) keepInCache(partial, cached);
      // The key first: an installer left beside another key fails its check and is rebuilt.
      writeFileSync(`${join(dir, PUBLIC_KEY_FILE)}.partial`, publicKeyPem);
      renameSync(`${join(dir, PUBLIC_KEY_FILE)}.partial`, join(dir, PUBLIC_KEY_FILE));
      renameSync(partial, installer);
    } finally {
      rmSync(partial, { force: true });
    }
    return { installer, publicKeyPem, hostBundleBytes: bundle.length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Temporary files of builds that were killed (their process is gone); a running build's file is left alone. */
function removeDeadPartials(dir: string, name: string): void {
  for (const f of readdirSync(dir)) {
    const pid = new RegExp(`^\\.${name.replaceAll('.', '\\.')}\\.(\\d+)\\.partial$`).exec(f)?.[1];
    if (!pid) continue;
    let alive = Number(pid) !== process.pid;
    try {
      if (alive) process.kill(Number(pid), 0);
    } catch {
      alive = false;
    }
    if (!alive) rmSync(join(dir, f), { force: true });
  }
}

/** Copies a built executable into the cache (atomically: another build may read it at once) and keeps the newest few. */
function keepInCache(file: string, cached: string): void {
  const dir = dirname(cached);
  mkdirSync(dir, { recursive: true });
  const partial = `${cached}.${process.pid}.partial`;
  copyFileSync(file, partial);
  renameSync(partial, cached);
  const entries = readdirSync(dir).filter((f) => f.endsWith('.bin')).map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of entries.slice(4)) rmSync(join(dir, f), { force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const outIndex = argv.indexOf('--out');
  const outDir = resolve(outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1]! : join(ROOT, 'installers/dist'));
  let privateKeyPem: string;
  if (process.env.ORS_RELEASE_KEY_FILE) privateKeyPem = readFileSync(process.env.ORS_RELEASE_KEY_FILE, 'utf8');
  else if (argv.includes('--throwaway')) {
    privateKeyPem = generateSigningKey().privateKeyPem;
    console.warn('warning: signed with a throwaway key (--throwaway); releases set ORS_RELEASE_KEY_FILE');
  } else {
    console.error('error: set ORS_RELEASE_KEY_FILE to the release signing key (PKCS#8 PEM), or pass --throwaway for a local build');
    process.exit(1);
  }
  const osIndex = argv.indexOf('--os');
  const os = (osIndex >= 0 ? argv[osIndex + 1] : 'linux') as Os;
  if (!(os in INSTALLER_NAMES)) throw new Error(`--os must be linux, windows or macos`);
  const nodeIndex = argv.indexOf('--node');
  const nodeBinary = nodeIndex >= 0 ? argv[nodeIndex + 1] : os === 'linux' ? process.execPath : fetchTargetNode(os, join(ROOT, 'installers/.cache'));
  if (!nodeBinary) throw new Error('--node needs a path');
  const cacheIndex = argv.indexOf('--cache');
  const cacheDir = cacheIndex >= 0 && argv[cacheIndex + 1] ? resolve(argv[cacheIndex + 1]!) : undefined;
  const started = Date.now();
  const result = await buildInstaller({ os, nodeBinary: resolve(nodeBinary), outDir, privateKeyPem, cacheDir });
  console.log(`built ${result.installer} (host bundle ${result.hostBundleBytes} bytes) in ${Date.now() - started} ms`);
}
