import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { INSTALLER_FILE_NAMES } from '@rs/protocol';
import { checkInstaller } from './check.ts';
import { throwawayKeyFile } from './testing.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'rs-interrupted-'));
const installer = join(out, 'linux', INSTALLER_FILE_NAMES.linux);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const until = async (what: string, ready: () => boolean, ms = 240_000) => {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** What `npm start` runs for one installer (scripts/lib.sh `ensure_installer`), with its output. */
const ensureInstaller = () =>
  new Promise<{ code: number; output: string }>((resolve) => {
    execFile('bash', ['-c', 'source scripts/lib.sh && ensure_installer linux'], {
      cwd: ROOT,
      env: { ...process.env, INSTALLERS_OUT: out, ORS_RELEASE_KEY_FILE: throwawayKeyFile() },
      timeout: 300_000,
    }, (error, stdout, stderr) => resolve({ code: error ? 1 : 0, output: stdout + stderr }));
  });

describe('an interrupted installer build', () => {
  it('leaves nothing under the served name, and the next start builds a whole installer', async () => {
    const build = spawn(process.execPath, ['installers/src/build.ts', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, ORS_RELEASE_KEY_FILE: throwawayKeyFile() },
      stdio: 'ignore',
    });
    const exited = new Promise((r) => build.once('exit', r));
    // Half-way: the Node binary is copied under the temporary name, the application not yet injected.
    const nodeSize = statSync(process.execPath).size;
    const partial = () => (existsSync(join(out, 'linux')) ? readdirSync(join(out, 'linux')).find((f) => f.endsWith('.partial')) : undefined);
    await until('the half-written installer', () => {
      const f = partial();
      return f !== undefined && statSync(join(out, 'linux', f), { throwIfNoEntry: false })?.size === nodeSize;
    });
    build.kill('SIGKILL');
    await exited;
    expect(existsSync(installer)).toBe(false);

    // The seed's failure, planted: a plain Node binary under the installer's name. It fails the check...
    copyFileSync(process.execPath, installer);
    expect(checkInstaller(installer)).toEqual({ ok: false, reason: expect.stringContaining('fuse is off') });
    // ...so the next start rebuilds it instead of skipping it because the file exists.
    const start = await ensureInstaller();
    expect(start.output).toContain('fuse is off');
    expect(start.output).toContain('Building the helper installer for linux');
    expect(start.code).toBe(0);
    expect(checkInstaller(installer).ok).toBe(true);
    expect(readdirSync(join(out, 'linux')).filter((f) => f.endsWith('.partial'))).toEqual([]);

    // A whole installer is not rebuilt.
    const again = await ensureInstaller();
    expect(again).toEqual({ code: 0, output: '' });
  }, 600_000);
});
