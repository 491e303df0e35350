import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

export interface ServerChild {
  url: string;
  /** Its process id (a benchmark reads its CPU time and RSS from /proc). */
  pid: number | undefined;
  /** What it printed so far. */
  output(): string;
  /** SIGKILL (`kill -9`): no shutdown code runs; resolves once it is gone. Safe to call twice. */
  kill9(): Promise<void>;
}

/**
 * `node server/src/main.ts` as its own process on a loopback port, so a test can
 * kill it as an operator's machine would. Its own DATA_DIR unless `env` names one
 * (kept for a restart on the same SQLite file); `onCleanup` gets the kill (and the
 * folder's removal) for the test's teardown.
 */
export async function startServerChild(env: Record<string, string>, onCleanup: (close: () => Promise<void>) => void): Promise<ServerChild> {
  const ownDir = env.DATA_DIR ? null : mkdtempSync(join(tmpdir(), 'rs-child-'));
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CUSTOMER_GRACE_MS: '60000', ...(ownDir ? { DATA_DIR: ownDir } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill9 = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  onCleanup(async () => {
    await kill9();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const seen = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    void exited.then(() => reject(new Error(`the server exited:\n${out}`)));
  });
  return { url, pid: child.pid, output: () => out, kill9 };
}
