import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Wine 10 in the Debian 13 chroot that scripts/wine-chroot.sh creates once
 * (npm test starts it in the background before anything else; it needs the
 * network, the tests run without). Each `run` is its own private mount
 * namespace with /proc and /dev bound into the chroot: when the command
 * ends, the namespace and its mounts go with it, whatever happened, so
 * nothing stays mounted on the machine.
 */
export const WINE_CACHE = process.env.ORS_WINE_CACHE ?? '/var/cache/open-remote-support/wine';
export const WINE_ROOT = join(WINE_CACHE, 'trixie');

/** Waits for the chroot to be ready (a state, not a time): throws with the creation's reason if it failed. */
export async function waitForWineChroot(deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!existsSync(join(WINE_ROOT, '.ready'))) {
    const failed = join(WINE_CACHE, 'failed');
    if (existsSync(failed)) throw new Error(`the Wine chroot could not be created: ${readFileSync(failed, 'utf8').trim()} (scripts/wine-chroot.sh)`);
    // Nobody is creating it (the lock is free): waiting would not help.
    const idle = !existsSync(WINE_CACHE) || spawnSync('flock', ['-n', join(WINE_CACHE, 'lock'), 'true']).status === 0;
    if (idle && !existsSync(join(WINE_ROOT, '.ready'))) {
      throw new Error(`no Wine chroot at ${WINE_ROOT} and none being made: run bash scripts/wine-chroot.sh (as root, with Debian's mirror reachable), or npm test`);
    }
    if (Date.now() > deadline) throw new Error(`the Wine chroot is not ready at ${WINE_ROOT} (npm test creates it: bash scripts/wine-chroot.sh)`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

// No umount needed, nor possible to forget: the mounts belong to the private namespace and end with its last process
// (the session's wineserver keeps its own namespace, and /proc in it, until \`wineserver -k\`).
const MOUNT_AND_RUN = `set -e
mount --bind /proc "$ROOT/proc"
mount --bind /dev "$ROOT/dev"
exec chroot "$ROOT" env -i PATH=/usr/bin:/bin HOME=/root WINEDEBUG=-all WINEPREFIX="$PREFIX" XDG_RUNTIME_DIR="$PREFIX-xdg" "$@"`;

export type WineResult = { code: number; output: string };

/** One throwaway Wine prefix in the chroot's /tmp; `dir` (unix, inside the chroot) is Z:\<dir> to Windows programs. */
export class WineSession {
  /** The session folder as the chroot sees it (and Windows as Z:). */
  readonly dir: string;
  /** The same folder on this machine. */
  readonly hostDir: string;
  readonly prefix: string;
  constructor() {
    mkdirSync(join(WINE_ROOT, 'tmp'), { recursive: true });
    this.hostDir = mkdtempSync(join(WINE_ROOT, 'tmp', 'ors-wine-'));
    this.dir = this.hostDir.slice(WINE_ROOT.length);
    this.prefix = `${this.dir}/prefix`;
    mkdirSync(`${this.hostDir}/prefix-xdg`, { mode: 0o700 });
  }
  /** A path in the session as Windows programs see it. */
  win(path: string): string {
    return `Z:${path.replaceAll('/', '\\')}`;
  }
  /** The prefix's %LOCALAPPDATA% on this machine. */
  get localAppData(): string {
    return join(this.hostDir, 'prefix/drive_c/users/root/AppData/Local');
  }
  /** Runs a command inside the chroot (`wine ...`, `wineboot -i`); stdout and stderr go to a file (Linux pipes break Wine's Node). */
  run(args: string[], timeoutMs = 120_000): Promise<WineResult> {
    const log = join(this.hostDir, `run-${process.hrtime.bigint()}.log`);
    const fd = openSync(log, 'w');
    const child = spawn('unshare', ['-m', '--propagation', 'private', 'bash', '-c', MOUNT_AND_RUN, 'wine-run', ...args], {
      env: { ROOT: WINE_ROOT, PREFIX: this.prefix, PATH: process.env.PATH },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    return new Promise((resolve) => {
      const done = (code: number) => {
        clearTimeout(timer);
        const output = readFileSync(log, 'utf8');
        rmSync(log, { force: true });
        resolve({ code, output });
      };
      child.once('error', () => done(-1));
      child.once('exit', (code, signal) => done(code ?? (signal ? -1 : 0)));
    });
  }
  /** Ends the prefix's wineserver (and the programs it runs) and removes the session folder. */
  async close(): Promise<void> {
    await this.run(['wineserver', '-k'], 30_000).catch(() => {});
    // The wineserver's socket folder (/tmp/wine-XXXXXX/server-<device>-<inode of the prefix>) stays in the cached chroot otherwise.
    const prefix = statSync(join(this.hostDir, 'prefix'), { throwIfNoEntry: false });
    const tmp = join(WINE_ROOT, 'tmp');
    for (const d of prefix ? readdirSync(tmp).filter((d) => d.startsWith('wine-')) : []) {
      if (existsSync(join(tmp, d, `server-${prefix!.dev.toString(16)}-${prefix!.ino.toString(16)}`))) rmSync(join(tmp, d), { recursive: true, force: true });
    }
    rmSync(this.hostDir, { recursive: true, force: true });
  }
}
