/**
 * A real HAProxy (Debian's `haproxy`) in front of the test cluster, started by
 * the test in the foreground on loopback ports, with its runtime API on a unix
 * socket in a temp dir. The config is the production one's shape
 * (deploy/haproxy.cfg): round robin, no stickiness, health checks on /healthz,
 * WebSocket tunnels, redispatch of a failed connection to another node. The
 * test-only part is one extra port per node that prefers that node while it is
 * up ("a customer on node A"), still through the balancer, so when it dies
 * the same URL reaches the others.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

export const HAPROXY_BIN = process.env.HAPROXY_BIN ?? '/usr/sbin/haproxy';

export interface Backend {
  name: string;
  port: number;
}

export interface HaproxyOptions {
  dir: string;
  /** The round-robin port (PUBLIC_URL's). */
  port: number;
  /** One port per node name that prefers that node while it is up. */
  preferPorts: Record<string, number>;
  nodes: Backend[];
}

/** The config: health checks every 250 ms, a node is down after 2 failures (or at once when a connection to it fails). */
export function haproxyConfig(o: HaproxyOptions): string {
  const prefer = Object.entries(o.preferPorts);
  return [
    'global',
    '  log stdout format raw local0',
    `  stats socket ${join(o.dir, 'admin.sock')} mode 600 level admin`,
    '  stats timeout 10s',
    '',
    'defaults',
    '  mode http',
    '  log global',
    // deploy/haproxy.cfg's format: the path without its query string (the PeerJS socket's URL carries its token).
    '  log-format "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %{+Q}HM %{+Q}HPO"',
    '  option forwardfor',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 30s',
    // An upgraded socket (/api/ws, /peerjs) is a tunnel: idle for long, as a waiting customer is.
    '  timeout tunnel 1h',
    '  timeout http-request 10s',
    // A connection refused by a dead node is retried on another node (redispatch on every retry), not failed.
    '  retries 2',
    '  option redispatch 1',
    '',
    'frontend lb',
    `  bind 127.0.0.1:${o.port}`,
    ...prefer.map(([node, port]) => `  bind 127.0.0.1:${port} name prefer-${node}`),
    '  default_backend nodes',
    '',
    'backend nodes',
    '  balance roundrobin',
    '  option httpchk GET /healthz',
    '  http-check expect status 200',
    // Tells the test (and an operator) which node answered: HAProxy's name for it, no change to the server.
    '  http-response set-header X-Served-By %[srv_name]',
    '  default-server inter 250ms fastinter 250ms downinter 500ms fall 2 rise 1 observe layer4 error-limit 1 on-error mark-down',
    ...prefer.map(([node, port]) => `  use-server ${node} if { dst_port ${port} }`),
    ...o.nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.port} check`),
    '',
  ].join('\n');
}

export interface Haproxy {
  /** Sends one runtime API command (`show stat`, `set server nodes/a state drain` ...) and returns the answer. */
  command(cmd: string): Promise<string>;
  /** Each node's state as HAProxy sees it (UP, DOWN, MAINT, DRAIN, ...) and its current connections. */
  servers(): Promise<Record<string, { status: string; connections: number }>>;
  output(): string;
  stop(): Promise<void>;
}

export async function startHaproxy(o: HaproxyOptions): Promise<Haproxy> {
  if (!existsSync(HAPROXY_BIN)) throw new Error(`${HAPROXY_BIN} not found: install the Debian package \`haproxy\` (scripts/lib.sh does as root)`);
  const cfg = join(o.dir, 'haproxy.cfg');
  writeFileSync(cfg, haproxyConfig(o));
  execFileSync(HAPROXY_BIN, ['-c', '-q', '-f', cfg], { stdio: 'pipe' });
  const child: ChildProcess = spawn(HAPROXY_BIN, ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  // Every request is logged: keep the tail, enough to see what happened around a failure.
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-200_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const socket = join(o.dir, 'admin.sock');

  const command = (cmd: string) =>
    new Promise<string>((resolve, reject) => {
      const c = createConnection(socket);
      let answer = '';
      c.once('error', reject);
      c.on('data', (d) => (answer += d.toString()));
      c.once('end', () => resolve(answer));
      c.once('connect', () => c.write(`${cmd}\n`));
    });

  const servers = async () => {
    const csv = await command('show stat');
    const lines = csv.split('\n').filter((l) => l && !l.startsWith('#'));
    const header = csv.split('\n')[0]?.replace(/^# /, '').split(',') ?? [];
    const col = (name: string) => header.indexOf(name);
    const result: Record<string, { status: string; connections: number }> = {};
    for (const line of lines) {
      const f = line.split(',');
      if (f[col('pxname')] !== 'nodes' || f[col('svname')] === 'BACKEND') continue;
      result[f[col('svname')] ?? '?'] = { status: f[col('status')] ?? '?', connections: Number(f[col('scur')]) };
    }
    return result;
  };

  for (let i = 0; ; i++) {
    const ready = await command('show info').then((s) => s.includes('Name: HAProxy'), () => false);
    if (ready) break;
    if (child.exitCode !== null || i > 200) throw new Error(`haproxy did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    command,
    servers,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
