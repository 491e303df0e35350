import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey } from './bundle.ts';
import { buildLinuxInstaller } from './build.ts';

/** Builds the real Linux installer (SEA) signed with a throwaway key, into a temp folder. */
export async function buildThrowawayInstaller(): Promise<{ dir: string; installer: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rs-installer-'));
  const { installer } = await buildLinuxInstaller({ outDir: dir, privateKeyPem: generateSigningKey().privateKeyPem });
  return { dir, installer };
}

/** Runs the installer as a customer would, with HOME in a temp folder; returns the installed host path. */
export function runInstaller(installer: string, home: string, manifestDir: string, env: NodeJS.ProcessEnv = process.env): string {
  mkdirSync(home, { recursive: true });
  execFileSync(installer, ['--manifest-dir', manifestDir], { env: { ...env, HOME: home }, stdio: 'pipe' });
  return join(home, '.local/share/open-remote-support/host/ors-host');
}
