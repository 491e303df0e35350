/**
 * The multi-node rig: one PostgreSQL and one Redis (each on a unix socket in a
 * temp dir, so it works inside `unshare -n`), N real server processes
 * (`node server/src/main.ts`) sharing them and one data folder (recordings,
 * file relay), behind a real HAProxy on loopback. Specs and benchmarks use it
 * as an operator would: kill a node with SIGKILL, restart it on its port,
 * drain it, and ask HAProxy which node served what.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPgCluster, type PgCluster } from '../../../server/src/store/pg-testing.ts';
import { startRedis, type RedisServer } from '../../../server/src/cluster/redis-testing.ts';
import { ADMIN_PASSWORD, REPO_ROOT } from './server.ts';
import { startHaproxy, type Haproxy } from './haproxy.ts';

export interface ClusterNode {
  /** HAProxy's name for it: a, b, c ... */
  readonly name: string;
  readonly port: number;
  /** Its own address, bypassing the balancer. */
  readonly url: string;
  /** Through the balancer, preferring this node while it is up (the others take over when it is not). */
  readonly preferUrl: string;
  alive(): boolean;
  /** Its process id while it runs (benchmarks read its RSS). */
  pid(): number | undefined;
  output(): string;
}

export interface Cluster {
  /** The balancer's round-robin address: PUBLIC_URL of every node. */
  url: string;
  nodes: ClusterNode[];
  databaseUrl: string;
  redisUrl: string;
  dataDir: string;
  haproxy: Haproxy;
  node(name: string): ClusterNode;
  /** SIGKILL, as a crash: nothing is flushed or closed. Resolves once the process is gone. */
  kill(node: ClusterNode): Promise<void>;
  /** Starts the node again on its port and resolves once HAProxy sends it traffic again. */
  restart(node: ClusterNode): Promise<void>;
  /** Resolves once HAProxy reports the node in this state (UP, DOWN, DRAIN, MAINT). */
  waitForState(node: ClusterNode, state: string, timeoutMs?: number): Promise<void>;
  /** Which node answered a GET through the balancer (its X-Served-By header), from this URL (default: round robin). */
  servedBy(url?: string, path?: string): Promise<string>;
  /** Which node HAProxy sent the connection from this local (client) port to, e.g. a socket's `socket.localPort`; null if none. */
  nodeOf(clientPort: number): Promise<string | null>;
  /** Live connections HAProxy holds to each node now (sockets included). */
  connections(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  nodes?: number;
  /** Extra environment for every node. */
  env?: Record<string, string>;
  /** PostgreSQL with fsync on (benchmarks); tests run it off. */
  durable?: boolean;
}

/** A free loopback port: bound and released (the rig needs fixed ports so a restarted node comes back on its own). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.nodes ?? 3;
  const names = Array.from({ length: count }, (_, i) => String.fromCharCode(97 + i));
  const dir = mkdtempSync(join(tmpdir(), 'rs-cluster-'));
  const dataDir = join(dir, 'data');
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const pg: PgCluster = await startPgCluster({ durable: options.durable ?? false });
    cleanups.push(() => pg.stop());
    const redis: RedisServer = await startRedis();
    cleanups.push(() => redis.stop());
    const databaseUrl = await pg.freshDatabase();
    const lbPort = await freePort();
    const url = `http://127.0.0.1:${lbPort}`;
    const preferPorts: Record<string, number> = {};
    const ports: Record<string, number> = {};
    for (const name of names) {
      preferPorts[name] = await freePort();
      ports[name] = await freePort();
    }
    const env = {
      ...process.env,
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      DATA_DIR: dataDir,
      PUBLIC_URL: url,
      // The preferring ports are the balancer too: pages served through them may open sockets.
      ALLOWED_ORIGINS: Object.values(preferPorts).map((p) => `http://127.0.0.1:${p}`).join(','),
      TRUST_PROXY: 'loopback',
      ADMIN_PASSWORD,
      CUSTOMER_GRACE_MS: '15000',
      ...options.env,
    };
    const logs: Record<string, string> = {};
    const running: Record<string, Running | null> = {};

    const spawnNode = async (name: string): Promise<void> => {
      const child = spawn(process.execPath, ['server/src/main.ts'], { cwd: REPO_ROOT, env: { ...env, PORT: String(ports[name]) }, stdio: ['ignore', 'pipe', 'pipe'] });
      logs[name] = `${logs[name] ?? ''}\n----- node ${name} started\n`;
      const append = (d: Buffer) => (logs[name] = (logs[name] ?? '') + d.toString());
      child.stdout?.on('data', append);
      child.stderr?.on('data', append);
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      running[name] = { child, exited };
      const started = logs[name]?.length ?? 0;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`node ${name} did not start:\n${logs[name]}`)), 30_000);
        const check = () => {
          if (/listening on http:\/\//.test(logs[name]?.slice(started) ?? '')) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout?.on('data', check);
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`node ${name} exited:\n${logs[name]}`));
        });
      });
    };
    const stopNode = async (name: string, signal: NodeJS.Signals) => {
      const r = running[name];
      if (!r) return;
      if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill(signal);
      await r.exited;
      running[name] = null;
    };
    cleanups.push(async () => {
      await Promise.all(names.map((n) => stopNode(n, 'SIGTERM')));
      if (process.env.E2E_SERVER_LOG) for (const n of names) appendFileSync(process.env.E2E_SERVER_LOG, `\n===== cluster node ${n}\n${logs[n]}`);
    });

    // The first node alone, then the rest together: two first starts on an empty database would both create the admin.
    const [first, ...rest] = names;
    await spawnNode(first ?? 'a');
    await Promise.all(rest.map(spawnNode));

    const haproxy = await startHaproxy({ dir, port: lbPort, preferPorts, nodes: names.map((name) => ({ name, port: ports[name] ?? 0 })) });
    cleanups.push(async () => {
      if (process.env.E2E_SERVER_LOG) appendFileSync(process.env.E2E_SERVER_LOG, `\n===== haproxy\n${haproxy.output()}`);
      await haproxy.stop();
    });

    const nodes: ClusterNode[] = names.map((name) => ({
      name,
      port: ports[name] ?? 0,
      url: `http://127.0.0.1:${ports[name]}`,
      preferUrl: `http://127.0.0.1:${preferPorts[name]}`,
      alive: () => running[name] != null,
      pid: () => running[name]?.child.pid,
      output: () => logs[name] ?? '',
    }));

    const waitForState = async (node: ClusterNode, state: string, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = (await haproxy.servers())[node.name]?.status ?? '?';
        if (status.startsWith(state)) return;
        if (Date.now() > deadline) throw new Error(`node ${node.name} is ${status} in HAProxy, not ${state}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    for (const node of nodes) await waitForState(node, 'UP');

    const cluster: Cluster = {
      url,
      nodes,
      databaseUrl,
      redisUrl: redis.url,
      dataDir,
      haproxy,
      node(name) {
        const found = nodes.find((n) => n.name === name);
        if (!found) throw new Error(`no node ${name}`);
        return found;
      },
      kill: (node) => stopNode(node.name, 'SIGKILL'),
      async restart(node) {
        await stopNode(node.name, 'SIGKILL');
        await spawnNode(node.name);
        await waitForState(node, 'UP');
      },
      waitForState,
      async servedBy(from = url, path = '/healthz') {
        const res = await fetch(`${from}${path}`);
        await res.arrayBuffer();
        return res.headers.get('x-served-by') ?? '';
      },
      async nodeOf(clientPort) {
        // One line per stream: "0x...: proto=tcpv4 src=127.0.0.1:54321 fe=lb be=nodes srv=b ts=...".
        const line = (await haproxy.command('show sess')).split('\n').find((l) => l.includes(`src=127.0.0.1:${clientPort} `));
        return line ? (/ srv=(\S+)/.exec(line)?.[1] ?? null) : null;
      },
      async connections() {
        const servers = await haproxy.servers();
        return Object.fromEntries(Object.entries(servers).map(([name, s]) => [name, s.connections]));
      },
      async close() {
        for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => console.warn('cluster cleanup:', err));
        rmSync(dir, { recursive: true, force: true });
      },
    };
    return cluster;
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
