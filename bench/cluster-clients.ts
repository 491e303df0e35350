/**
 * What the cluster benchmarks share: a customer as the real client connects
 * (start a chat, open the live socket and say hello, fetch the peer
 * credentials, open the PeerJS socket and wait for OPEN, then send PeerJS
 * heartbeats as peerjs does), a bare `peer` server in its own process, and
 * the server settings that let one loopback address stand for thousands of
 * customers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { AUTH_SUBPROTOCOL_PREFIX, LIVE_SUBPROTOCOL, PROTOCOL_VERSION, type CreateSessionResponse, type PeerCredentials } from '@rs/protocol';
import { CUSTOMER_ORIGIN } from '../server/src/testing.ts';
import { freePort } from '../e2e/src/harness/cluster.ts';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Every bench client comes from 127.0.0.1: the per-address budgets (sessions started, sockets held, connections)
 * would stop it at a few hundred, as they should stop one real address. The benchmark measures capacity, not them.
 */
export const BENCH_NODE_ENV: Record<string, string> = {
  SESSION_CREATE_MAX_PER_ADDRESS: '100000000',
  CUSTOMER_SOCKETS_PER_ADDRESS: '100000000',
  CONNECTIONS_PER_ADDRESS: '100000000',
  CHAT_PER_MINUTE: '100000000',
  CHAT_QUEUED_PER_MINUTE: '100000000',
  LIVE_REQUESTS_PER_MINUTE: '100000000',
  CUSTOMER_GRACE_MS: '3600000',
};

/** A process's resident set size in KiB (Linux /proc), or 0 when it is gone. */
export function rssKb(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

const opened = (ws: WebSocket, what: string, timeoutMs: number) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
    ws.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.once('unexpected-response', (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`${what}: HTTP ${res.statusCode}`));
    });
    ws.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Resolves with the first frame (parsed JSON) that `pred` accepts. */
export function frame(ws: WebSocket, pred: (m: Record<string, unknown>) => boolean, what: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', on);
      reject(new Error(`${what}: not within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (data: Buffer) => {
      let m: Record<string, unknown>;
      try {
        m = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      if (!pred(m)) return;
      clearTimeout(timer);
      ws.off('message', on);
      resolve(m);
    };
    ws.on('message', on);
    ws.once('close', () => {
      clearTimeout(timer);
      ws.off('message', on);
      reject(new Error(`${what}: the socket closed`));
    });
  });
}

/** A customer's live socket: opened with the token, hello sent, resolved at welcome. */
export async function openLive(base: string, token: string, timeoutMs = 30_000): Promise<WebSocket> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/ws`, [LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX + token], { origin: CUSTOMER_ORIGIN });
  ws.on('error', () => undefined);
  await opened(ws, 'live socket', timeoutMs);
  const welcome = frame(ws, (m) => m.type === 'welcome', 'welcome', timeoutMs);
  ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION }));
  await welcome;
  return ws;
}

/** A PeerJS socket as the peerjs client opens it, resolved when the server says OPEN. */
export async function openPeer(url: string, origin: string | undefined, timeoutMs = 30_000): Promise<WebSocket> {
  const ws = new WebSocket(url, origin ? { origin } : {});
  ws.on('error', () => undefined);
  const open = frame(ws, (m) => m.type === 'OPEN', 'PeerJS OPEN', timeoutMs);
  await opened(ws, 'PeerJS socket', timeoutMs);
  await open;
  return ws;
}

export interface Customer {
  sessionId: string;
  token: string;
  live: WebSocket;
  peer: WebSocket;
}

/** One customer, connected the way the extension connects: REST, live socket, peer credentials, PeerJS socket. */
export async function connectCustomer(base: string, name: string): Promise<Customer> {
  const res = await fetch(`${base}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ customerName: name }) });
  if (res.status !== 201) throw new Error(`POST /api/sessions: ${res.status} ${await res.text()}`);
  const { session, customerToken } = (await res.json()) as CreateSessionResponse;
  const live = await openLive(base, customerToken);
  const cred = (await (await fetch(`${base}/api/sessions/${session.id}/peer`, { headers: { authorization: `Bearer ${customerToken}` } })).json()) as PeerCredentials;
  const peer = await openPeer(`${base.replace(/^http/, 'ws')}/peerjs/peerjs?key=peerjs&id=${cred.peerId}&token=${cred.peerToken}&version=1.5.5`, CUSTOMER_ORIGIN);
  return { sessionId: session.id, token: customerToken, live, peer };
}

/** Sends a PeerJS HEARTBEAT on every socket every 5 s, as peerjs does (the peer server closes silent sockets). */
export function heartbeats(sockets: () => Iterable<WebSocket>): () => void {
  const timer = setInterval(() => {
    for (const ws of sockets()) if (ws.readyState === WebSocket.OPEN) ws.send('{"type":"HEARTBEAT"}');
  }, 5000);
  return () => clearInterval(timer);
}

/** The bare `peer` package's own server in its own process, as peerjs-server users run it. */
export async function startBarePeer(): Promise<{ url: string; pid: number | undefined; stop(): Promise<void> }> {
  const port = await freePort();
  const script = `import { PeerServer } from 'peer'; PeerServer({ port: ${port}, host: '127.0.0.1', path: '/', key: 'peerjs' }, () => console.log('listening'));`;
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
    child.once('exit', (code) => reject(new Error(`peer server exited with ${code}`)));
  });
  return {
    url: `ws://127.0.0.1:${port}/peerjs`,
    pid: child.pid,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs `task(i)` for i in [from, to) with at most `concurrency` at once; resolves with what each returned, in order. */
export async function pool<T>(from: number, to: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = from;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < to) {
        const i = next++;
        out[i - from] = await task(i);
      }
    }),
  );
  return out;
}
