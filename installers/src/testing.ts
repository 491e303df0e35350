import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSigningKey } from './bundle.ts';
import { buildLinuxInstaller } from './build.ts';

const CACHE = fileURLToPath(new URL('../.cache/', import.meta.url));

/**
 * The throwaway signing key of local test builds, kept in installers/.cache
 * (ignored by git) so that an unchanged build is the same executable and its
 * postject step can be skipped (Ed25519 signatures are deterministic).
 */
export function throwawayKeyFile(): string {
  const file = join(CACHE, 'throwaway-signing-key.pem');
  if (!existsSync(file)) {
    mkdirSync(CACHE, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, generateSigningKey().privateKeyPem, { mode: 0o600 });
    renameSync(partial, file);
  }
  return file;
}

const throwawayKey = (): string => readFileSync(throwawayKeyFile(), 'utf8');

/** Builds the real Linux installer (SEA) signed with a throwaway key, into a temp folder. */
export async function buildThrowawayInstaller(): Promise<{ dir: string; installer: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rs-installer-'));
  const { installer } = await buildLinuxInstaller({ outDir: dir, privateKeyPem: throwawayKey(), cacheDir: join(CACHE, 'installers') });
  return { dir, installer };
}

/** Runs the installer as a customer would, with HOME in a temp folder; returns the installed host path. */
export function runInstaller(installer: string, home: string, manifestDir: string, env: NodeJS.ProcessEnv = process.env): string {
  mkdirSync(home, { recursive: true });
  execFileSync(installer, ['--manifest-dir', manifestDir], { env: { ...env, HOME: home }, stdio: 'pipe' });
  return join(home, '.local/share/open-remote-support/host/ors-host');
}
