import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, TestClient } from '../testing.ts';

const SLOW = 10;
const PASSWORD = 'slow-reader-admin-password';
let child: ChildProcess | undefined;
let dataDir: string | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The real server in its own process, so its memory is measured apart from the test's. */
async function serverProcess(env: Record<string, string>): Promise<{ url: string; pid: number }> {
  // A file database (its pages are not the server's heap, unlike ':memory:'), on tmpfs when there is one: no fsync wait.
  dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'rs-slow-'));
  child = spawn(process.execPath, ['server/src/main.ts'], {
    cwd: fileURLToPath(new URL('../../../', import.meta.url)),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD: PASSWORD, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child!.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child!.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return { url, pid: child.pid! };
}

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('sockets that never read', () => {
  it('are closed once their buffer passes SOCKET_MAX_BUFFERED_BYTES, and the server’s memory stays bounded', async () => {
    const { url, pid } = await serverProcess({
      CUSTOMER_GRACE_MS: '60000',
      CHAT_PER_MINUTE: '1000000',
      TRANSCRIPT_MAX_LINES: '100000',
      LIVE_SOCKETS_PER_SESSION: String(SLOW),
      SOCKET_MAX_BUFFERED_BYTES: String(1024 * 1024),
    });
    const { session, customerToken } = (await api<CreateSessionResponse>(url, '/api/sessions', { body: { customerName: 'Ada' } })).body;
    const rep = await TestClient.open(url, await login(url, 'admin', PASSWORD), CONSOLE_ORIGIN);
    clients.push(rep);
    await rep.request({ type: 'session.accept', id: 'a', sessionId: session.id });
    const text = 'x'.repeat(4000);
    async function flood(tag: string): Promise<void> {
      for (let batch = 0; batch < 60; batch++) {
        const sent = [];
        for (let i = 0; i < 100; i++) sent.push(rep.request({ type: 'chat.send', id: `${tag}-${batch}-${i}`, sessionId: session.id, text }));
        for (const answer of await Promise.all(sent)) expect(answer).toMatchObject({ type: 'reply' });
        rep.received.length = 0;
      }
    }
    // The same flood once with no slow socket: what the work itself costs (heap, SQLite) is then already paid.
    await flood('warm');
    const slow: TestClient[] = [];
    for (let i = 0; i < SLOW; i++) slow.push(await TestClient.open(url, customerToken, CUSTOMER_ORIGIN));
    clients.push(...slow);
    // They completed the handshake; from now on they read nothing (the TCP window fills, then the server's buffer would).
    for (const c of slow) (c.ws as unknown as { _socket: Socket })._socket.pause();
    const rssBefore = rssMiB(pid);
    // About 240 MB towards the ten slow sockets: 6,000 lines of 4 KB, each fanned out to all of them.
    await flood('slow');
    const grown = rssMiB(pid) - rssBefore;
    console.log(`slow readers: server RSS ${rssBefore.toFixed(0)} -> ${(rssBefore + grown).toFixed(0)} MiB after ~240 MB sent towards ${SLOW} sockets that never read`);
    // Reading again, each finds its socket closed by the server (4008, or dropped after that), well before the
    // 30 s heartbeat would have dropped it for missing pongs.
    let closed = 0;
    for (const c of slow) void c.closed.then(() => closed++);
    for (const c of slow) (c.ws as unknown as { _socket: Socket })._socket.resume();
    await until('the slow sockets to be closed', async () => closed === SLOW, 20_000);
    // Measured here: about +80 MiB with the limit (the flood's own garbage), +230 MiB without it.
    expect(grown).toBeLessThan(128);
  }, 120_000);
});
