/**
 * Debian's Caddy running the shipped deploy/Caddyfile on loopback, as an
 * operator would with SITE_ADDRESS and UPSTREAMS set. For an IP address Caddy
 * issues the certificate from its own internal CA (no network needed); the
 * test's global options keep it from installing that CA in the system's trust
 * store, turn its admin API off and move its HTTP port and storage into `dir`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { REPO_ROOT } from './server.ts';

export const CADDY_BIN = process.env.CADDY_BIN ?? '/usr/bin/caddy';

export interface Caddy {
  url: string;
  /** Its plain HTTP port, which redirects to `url`. */
  httpUrl: string;
  /** base64 SHA-256 of the served certificate's public key (for `--ignore-certificate-errors-spki-list`). */
  spkiHash: string;
  /** Caddy's internal root CA, PEM, for Node clients that should trust what it issued. */
  caPem: string;
  output(): string;
  stop(): Promise<void>;
}

export async function startCaddy(dir: string, o: { httpsPort: number; httpPort: number; upstream: string }): Promise<Caddy> {
  const config = join(dir, 'Caddyfile');
  writeFileSync(config, [
    '{',
    '\tskip_install_trust',
    '\tadmin off',
    `\thttp_port ${o.httpPort}`,
    `\tstorage file_system ${join(dir, 'data')}`,
    '}',
    `import ${join(REPO_ROOT, 'deploy/Caddyfile')}`,
    '',
  ].join('\n'));
  const child: ChildProcess = spawn(CADDY_BIN, ['run', '--config', config, '--adapter', 'caddyfile'], {
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, SITE_ADDRESS: `https://127.0.0.1:${o.httpsPort}`, UPSTREAMS: o.upstream },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-200_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let raw: Buffer | undefined;
  for (let i = 0; !raw; i++) {
    if (child.exitCode !== null || i > 400) throw new Error(`caddy did not start:\n${out}`);
    raw = await servedCertificate(o.httpsPort);
    if (!raw) await new Promise((r) => setTimeout(r, 50));
  }
  const cert = new X509Certificate(raw);
  return {
    url: `https://127.0.0.1:${o.httpsPort}`,
    httpUrl: `http://127.0.0.1:${o.httpPort}`,
    spkiHash: createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('base64'),
    caPem: readFileSync(join(dir, 'data/pki/authorities/local/root.crt'), 'utf8'),
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** The certificate served on the port, once a TLS handshake succeeds (read only to learn its key). */
function servedCertificate(port: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => {
      const raw = socket.getPeerCertificate().raw;
      socket.end();
      resolve(raw);
    });
    socket.once('error', () => resolve(undefined));
  });
}
