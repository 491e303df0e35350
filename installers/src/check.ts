import { createHash, createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Is this file a whole installer? A build interrupted after the Node binary
 * is copied and before the application is injected leaves a file that is
 * byte-identical to `node` with the single-executable fuse off: it exists,
 * it runs, and it installs nothing. So an installer counts only when:
 * the fuse is set, the injected application blob holds the signed host
 * bundle and its detached signature, that signature verifies with the
 * public key compiled into the launcher, and that key is the one the build
 * published beside it (`release-public-key.pem`). Pure reading: nothing is
 * run (the build runs `--version` itself where it can, see build.ts).
 */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
export const PUBLIC_KEY_FILE = 'release-public-key.pem';

export type InstallerCheck = { ok: true; bundleSha256: string; publicKeyPem: string } | { ok: false; reason: string };

/**
 * One asset of a Node single-executable blob, found by its serialized form
 * (node_sea.cc: u64le name length, name, u64le content length, content).
 */
export function seaAsset(file: Buffer, name: string): Buffer | null {
  const key = Buffer.alloc(8 + name.length);
  key.writeBigUInt64LE(BigInt(name.length));
  key.write(name, 8, 'latin1');
  for (let at = file.indexOf(key); at >= 0; at = file.indexOf(key, at + 1)) {
    const start = at + key.length + 8;
    if (start > file.length) break;
    const size = Number(file.readBigUInt64LE(at + key.length));
    if (size > 0 && start + size <= file.length) return file.subarray(start, start + size);
  }
  return null;
}

const PEM = /-----BEGIN PUBLIC KEY-----(?:\\n|\n)[A-Za-z0-9+/=]+(?:\\n|\n)-----END PUBLIC KEY-----/;

/** The checks on the bytes of an installer (see above); `expectedKeyPem` is the published key, when there is one. */
export function checkInstallerBytes(file: Buffer, expectedKeyPem: string | null): InstallerCheck {
  if (!file.includes(`${SEA_FUSE}:1`)) {
    return { ok: false, reason: file.includes(`${SEA_FUSE}:0`) ? 'the single executable fuse is off (a plain Node binary: the build was interrupted)' : 'not a Node single executable' };
  }
  const bundle = seaAsset(file, 'bundle');
  const signature = seaAsset(file, 'signature');
  if (!bundle || !signature) return { ok: false, reason: 'the signed host bundle is missing from the executable' };
  const compiled = PEM.exec(file.toString('latin1'));
  if (!compiled) return { ok: false, reason: 'no release public key in the launcher' };
  const publicKeyPem = compiled[0].replaceAll('\\n', '\n') + '\n';
  let valid = false;
  try {
    valid = verify(null, bundle, createPublicKey(publicKeyPem), signature);
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'the host bundle does not match its signature' };
  if (expectedKeyPem !== null && expectedKeyPem.trim() !== publicKeyPem.trim()) {
    return { ok: false, reason: `signed with another key than ${PUBLIC_KEY_FILE}` };
  }
  return { ok: true, bundleSha256: createHash('sha256').update(bundle).digest('hex'), publicKeyPem };
}

const publishedKey = (installer: string): string | null => {
  const file = join(dirname(installer), PUBLIC_KEY_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
};

/** Checks the installer at `path` (missing counts as failing); never throws. */
export function checkInstaller(path: string, expectedKeyPem: string | null = publishedKey(path)): InstallerCheck {
  if (!existsSync(path)) return { ok: false, reason: 'not built' };
  try {
    return checkInstallerBytes(readFileSync(path), expectedKeyPem);
  } catch (error) {
    return { ok: false, reason: `cannot read it: ${(error as Error).message}` };
  }
}

/** The same, reading without blocking (the server checks what it serves). */
export async function checkInstallerAsync(path: string): Promise<InstallerCheck> {
  try {
    const keyFile = join(dirname(path), PUBLIC_KEY_FILE);
    const key = await readFile(keyFile, 'utf8').catch(() => null);
    return checkInstallerBytes(await readFile(path), key);
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not built' : `cannot read it: ${(error as Error).message}` };
  }
}

// `node installers/src/check.ts --os OS [--out DIR]`: exit 0 when DIR/OS/<installer> is a whole installer; otherwise 1 and why (npm start rebuilds it then).
if (process.argv[1] === (await import('node:url')).fileURLToPath(import.meta.url)) {
  const { INSTALLER_FILE_NAMES, InstallerOsSchema } = await import('@rs/protocol');
  const argv = process.argv.slice(2);
  const flag = (name: string) => (argv.indexOf(name) >= 0 ? argv[argv.indexOf(name) + 1] : undefined);
  const os = InstallerOsSchema.parse(flag('--os'));
  const file = join(flag('--out') ?? fileURLToPathOf('../dist'), os, INSTALLER_FILE_NAMES[os]);
  const check = checkInstaller(file);
  if (!check.ok) console.error(`${file}: ${check.reason}`);
  process.exitCode = check.ok ? 0 : 1;
}

function fileURLToPathOf(relative: string): string {
  return decodeURIComponent(new URL(relative, import.meta.url).pathname);
}
