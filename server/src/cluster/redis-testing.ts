/**
 * A throwaway Redis for tests and benchmarks: Debian's `redis-server`,
 * listening only on a unix socket in a temp directory (no TCP, so it works
 * inside `unshare -n`), nothing persisted. Stop it to delete everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServer {
  /** What REDIS_URL is set to: the unix socket path (ioredis takes a path where a URL is expected). */
  url: string;
  socket: string;
  stop(): Promise<void>;
}

/** The redis-server binary: REDIS_SERVER_BIN, or Debian's. */
function binary(): string {
  const bin = process.env.REDIS_SERVER_BIN ?? '/usr/bin/redis-server';
  if (!existsSync(bin)) throw new Error(`${bin} not found: install the Debian package \`redis-server\` (or set REDIS_SERVER_BIN)`);
  return bin;
}

/** Resolves once the socket answers PING with PONG. */
function pong(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection(socket);
    c.once('error', () => resolve(false));
    c.once('connect', () => c.write('PING\r\n'));
    c.once('data', (d) => {
      c.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
  });
}

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rs-redis-'));
  const socket = join(dir, 'redis.sock');
  const server: ChildProcess = spawn(
    binary(),
    ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  server.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  for (let i = 0; !(await pong(socket)); i++) {
    if (server.exitCode !== null || i > 400) throw new Error(`redis-server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url: socket,
    socket,
    async stop() {
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
