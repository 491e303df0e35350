/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` into a temp
 * directory, `postgres` listening only on a unix socket there (no TCP, so it
 * works inside `unshare -n`), fsync off unless `durable`. As root it runs as the `postgres`
 * system user (PostgreSQL refuses root). Stop it to delete everything.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PgStore } from './pg.ts';

/** The newest installed server binaries (Debian: /usr/lib/postgresql/<version>/bin), or PG_BIN. */
function binDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'postgres'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL server binaries not found: install the Debian package `postgresql` (or set PG_BIN)');
  return join(root, newest, 'bin');
}

/** Whom the server runs as: the `postgres` user when we are root, else ourselves. */
function owner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export interface PgCluster {
  /** Connection URL of a database in the cluster (unix socket). */
  url(database: string): string;
  /** A new, empty database made from the migrated template: its URL. */
  freshDatabase(): Promise<string>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startPgCluster(options: { durable?: boolean } = {}): Promise<PgCluster> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'rs-pg-'));
  const user = owner();
  if (user) chownSync(dir, user.uid, user.gid);
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  const data = join(dir, 'data');
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], { ...as, stdio: 'pipe' });
  const server: ChildProcess = spawn(
    join(bin, 'postgres'),
    ['-D', data, '-k', dir, '-c', 'listen_addresses=', '-c', 'max_connections=200', ...(options.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'])],
    { ...as, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const url = (database: string) => `postgresql://postgres@/${database}?host=${encodeURIComponent(dir)}`;

  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: url('postgres') });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  for (let i = 0; ; i++) {
    try {
      await admin((c) => c.query('SELECT 1'));
      break;
    } catch (err) {
      if (server.exitCode !== null || i > 200) throw new Error(`PostgreSQL did not start: ${String(err)}\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  // Migrate once into a template; each fresh database is a cheap copy of it.
  await admin((c) => c.query('CREATE DATABASE rs_template'));
  await (await PgStore.open(url('rs_template'))).close();

  return {
    url,
    async freshDatabase() {
      const name = `rs_${process.pid}_${++counter}`;
      await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE rs_template STRATEGY = FILE_COPY`));
      return url(name);
    },
    async stop() {
      if (server.exitCode === null) {
        server.kill('SIGINT'); // fast shutdown
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
