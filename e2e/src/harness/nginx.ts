/**
 * The container-free production layout's front: Debian's nginx running the
 * shipped site file (deploy/nginx-site.conf) on loopback, with TLS from a
 * throwaway certificate. Only what ties the file to a machine is swapped: the
 * listen ports, the certificate's paths, the access log's folder and the
 * upstream's port. Every swap must find its text, so a change to the site file
 * that the test can no longer follow fails here instead of testing something else.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './server.ts';

export const NGINX_BIN = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
export const NGINX_SITE = join(REPO_ROOT, 'deploy/nginx-site.conf');

export interface Certificate {
  certFile: string;
  keyFile: string;
  pem: string;
  /** base64 SHA-256 of the public key (SPKI): what Chromium's `--ignore-certificate-errors-spki-list` trusts, and nothing else. */
  spkiHash: string;
}

/** A self-signed certificate for 127.0.0.1 and localhost, valid one day (openssl, as an operator would make one for a trial). */
export function throwawayCertificate(dir: string): Certificate {
  const certFile = join(dir, 'site.crt');
  const keyFile = join(dir, 'site.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyFile, '-out', certFile], { stdio: 'pipe' });
  const pem = readFileSync(certFile, 'utf8');
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return { certFile, keyFile, pem, spkiHash: createHash('sha256').update(spki).digest('base64') };
}

export interface SiteOptions {
  httpsPort: number;
  httpPort: number;
  upstreamPort: number;
  cert: Certificate;
  logDir: string;
}

/** deploy/nginx-site.conf with this machine's ports, certificate and log folder. */
export function renderSite(site: string, o: SiteOptions): string {
  const swaps: Array<[string, string]> = [
    ['server 127.0.0.1:8080;', `server 127.0.0.1:${o.upstreamPort};`],
    ['listen 443 ssl;', `listen 127.0.0.1:${o.httpsPort} ssl;`],
    ['listen [::]:443 ssl;', ''],
    ['listen 80;', `listen 127.0.0.1:${o.httpPort};`],
    ['listen [::]:80;', ''],
    ['/etc/ssl/certs/support.example.com.pem', o.cert.certFile],
    ['/etc/ssl/private/support.example.com.key', o.cert.keyFile],
    ['/var/log/nginx/', `${o.logDir}/`],
  ];
  let out = site;
  for (const [from, to] of swaps) {
    if (!out.includes(from)) throw new Error(`deploy/nginx-site.conf no longer contains "${from}": update e2e/src/harness/nginx.ts`);
    out = out.replaceAll(from, to);
  }
  return out;
}

export interface Nginx {
  /** https://127.0.0.1:<port>: what customers and representatives use (PUBLIC_URL). */
  url: string;
  httpUrl: string;
  accessLog(): string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts nginx in the foreground (one process, its own prefix, pid and temp folders under `dir`). */
export async function startNginx(dir: string, o: Omit<SiteOptions, 'logDir'>): Promise<Nginx> {
  if (!existsSync(NGINX_BIN)) throw new Error(`${NGINX_BIN} not found: install the Debian package nginx-light (scripts/lib.sh does as root)`);
  const logDir = join(dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  writeFileSync(join(dir, 'site.conf'), renderSite(readFileSync(NGINX_SITE, 'utf8'), { ...o, logDir }));
  const main = join(dir, 'nginx.conf');
  writeFileSync(main, [
    'daemon off;',
    // One process as the invoking user: no worker user to give the temp folders to.
    'master_process off;',
    `pid ${join(dir, 'nginx.pid')};`,
    'error_log stderr warn;',
    'events { worker_connections 1024; }',
    'http {',
    `  client_body_temp_path ${join(dir, 'body')};`,
    `  proxy_temp_path ${join(dir, 'proxy')};`,
    `  include ${join(dir, 'site.conf')};`,
    '}',
    '',
  ].join('\n'));
  execFileSync(NGINX_BIN, ['-t', '-q', '-p', dir, '-c', main], { stdio: 'pipe' });
  const child: ChildProcess = spawn(NGINX_BIN, ['-p', dir, '-c', main], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  for (let i = 0; !(await listening(o.httpsPort)); i++) {
    if (child.exitCode !== null || i > 400) throw new Error(`nginx did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url: `https://127.0.0.1:${o.httpsPort}`,
    httpUrl: `http://127.0.0.1:${o.httpPort}`,
    accessLog: () => (existsSync(join(logDir, 'remote-support.log')) ? readFileSync(join(logDir, 'remote-support.log'), 'utf8') : ''),
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGQUIT');
        await exited;
      }
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTPS request sent from a chosen
 * loopback address (the whole 127/8 is local), so the proxy sees a client
 * other than the browsers (127.0.0.1). It trusts only `caPem`.
 */
export function httpsFrom(localAddress: string, url: string, caPem: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress, ca: caPem }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once('error', reject);
    req.end(init.body);
  });
}
