import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { ADMIN_PASSWORD, REPO_ROOT, startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { freePort } from './harness/cluster.ts';
import { httpsFrom, startNginx, throwawayCertificate, type Certificate, type Nginx } from './harness/nginx.ts';
import { startCaddy, type Caddy } from './harness/caddy.ts';
import { extensionStart, signIn, signInConsole } from './harness/click-to-chat.ts';
import { button, byRole, fill, waitForRoleText, waitForText, say } from './harness/ui.ts';
import { BLUE, GREEN, openPattern, RED, tabStripes, waitForColours, YELLOW } from './harness/screen.ts';

const SHARED_TITLE = 'Shared pattern';
/** Wrong sign-ins one address may make (SIGN_IN_ADDRESS_MAX_FAILURES) before it is refused. */
const MAX_FAILURES = 3;

/**
 * Issue 12's production layout without containers: the shipped nginx site
 * (deploy/nginx-site.conf) with TLS in front of the server (TRUST_PROXY=1,
 * PUBLIC_URL the HTTPS address), and both browsers going only through it.
 * Chromium trusts exactly the throwaway certificate's key. Chat crosses the
 * live socket's upgrade, the tab share the PeerJS socket's; the media itself
 * goes peer to peer. The shipped Caddyfile runs beside it, in front of the
 * same server, for the client address and the console's live socket.
 */
describe('the production layout: nginx with TLS in front of the server', () => {
  let dir: string;
  let cert: Certificate;
  let server: ServerProcess;
  let nginx: Nginx;
  let caddy: Caddy;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let rep: Page;
  let customer: Page;
  let checked: Promise<{ stdout: string }>;

  beforeAll(async () => {
    // deploy/check.sh runs while the server, proxies and browsers start; its case waits for it.
    checked = promisify(execFile)('bash', [join(REPO_ROOT, 'deploy/check.sh')], { encoding: 'utf8' });
    checked.catch(() => undefined);
    dir = mkdtempSync(join(tmpdir(), 'rs-e2e-deploy-'));
    cert = throwawayCertificate(dir);
    const [httpsPort, httpPort, caddyPort, caddyHttpPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    server = await startServerProcess({
      PUBLIC_URL: `https://127.0.0.1:${httpsPort}`,
      TRUST_PROXY: '1',
      SIGN_IN_ADDRESS_MAX_FAILURES: String(MAX_FAILURES),
    });
    const upstream = new URL(server.url);
    mkdirSync(join(dir, 'caddy'));
    [nginx, caddy] = await Promise.all([
      startNginx(dir, { httpsPort, httpPort, upstreamPort: Number(upstream.port), cert }),
      startCaddy(join(dir, 'caddy'), { httpsPort: caddyPort, httpPort: caddyHttpPort, upstream: upstream.host }),
    ]);
    const trust = [`--ignore-certificate-errors-spki-list=${cert.spkiHash},${caddy.spkiHash}`];
    [consoleBrowser, customerBrowser] = await Promise.all([
      launchWithExtension('console', { args: trust }),
      launchWithExtension('customer', { args: [...trust, `--auto-select-tab-capture-source-by-title=${SHARED_TITLE}`] }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), customerBrowser?.close()]);
    await Promise.all([nginx?.stop(), caddy?.stop()]);
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('deploy/check.sh passes: nginx -t, caddy validate, haproxy -c, the unit, the Dockerfile and compose files', async () => {
    const out = (await checked).stdout;
    for (const line of ['nginx-site.conf: syntax is ok', 'Caddyfile: valid', 'Dockerfile: stages build, prod-deps, runtime', 'compose.single.yaml: parses'])
      expect(out).toContain(line);
  });

  /** Wrong passwords from `guesser` through the proxy until refused; then a forged X-Forwarded-For from it, and the admin from 127.0.0.1. */
  async function guessThrough(proxyUrl: string, caPem: string, guesser: string): Promise<void> {
    const login = (from: string, username: string, password: string, headers: Record<string, string> = {}) =>
      httpsFrom(from, `${proxyUrl}/api/auth/login`, caPem, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ username, password }),
      });
    for (let i = 0; i < MAX_FAILURES; i++) expect((await login(guesser, `guess${i}`, 'wrong')).status).toBe(401);
    const refused = await login(guesser, 'guess-next', 'wrong');
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: 'rate_limited' } });
    // The proxy appends (nginx) or replaces (Caddy) what the client sent; the server takes the proxy's last hop.
    expect((await login(guesser, 'guess-forged', 'wrong', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
    // Were the header lost, every client would be the proxy's one address, refused with the guesser.
    expect((await login('127.0.0.1', 'admin', ADMIN_PASSWORD)).status).toBe(200);
  }

  it('the server counts the real client (X-Forwarded-For): a guessing address is refused, a forged header does not help it, others still sign in', async () => {
    await guessThrough(nginx.url, cert.pem, '127.0.0.3');
  });

  it("the public support page is served over HTTPS with the server's HSTS; plain HTTP redirects to HTTPS", async () => {
    const page = await customerBrowser.browser.newPage();
    const res = await page.goto(`${nginx.url}/`);
    expect(res?.headers()['strict-transport-security']).toMatch(/^max-age=\d+/);
    await byRole(page, 'heading', 'Chat with support').wait();
    expect(await page.evaluate(() => window.isSecureContext && typeof navigator.mediaDevices?.getDisplayMedia === 'function')).toBe(true);
    await page.close();
    const redirect = await fetch(`${nginx.httpUrl}/`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toMatch(/^https:\/\/127\.0\.0\.1\//);
  });

  it('a representative signs in and a customer chats with them, over the live socket through nginx', async () => {
    rep = await signInConsole(consoleBrowser, nginx.url);
    customer = await extensionStart(customerBrowser, nginx.url, 'Grace Hopper');
    await button(rep, 'Accept Grace Hopper').click();
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');
    await say(customer, rep, 'Hello through the proxy');
    await say(rep, customer, 'Hello back');
  });

  it('the customer shares a tab: signalling over the PeerJS socket through nginx, the console shows it', async () => {
    await openPattern(customerBrowser.browser, SHARED_TITLE, [RED, GREEN, BLUE, YELLOW]);
    await button(rep, 'Share Screen').click();
    await button(customer, 'Allow').click();
    await waitForText(customer, 'region', 'Screen sharing', 'You are sharing a browser tab');
    await waitForColours(rep, "Customer's screen", tabStripes, [RED, GREEN, BLUE, YELLOW]);
  });

  it("nginx logged both upgrades, and no socket's query string (the PeerJS token)", async () => {
    // nginx logs an upgraded request when its socket closes.
    await Promise.all([customer.close(), rep.close()]);
    const upgraded = (log: string) => /"GET \/api\/ws" 101 /.test(log) && /"GET \/peerjs\/peerjs" 101 /.test(log);
    for (let i = 0; i < 200 && !upgraded(nginx.accessLog()); i++) await new Promise((r) => setTimeout(r, 50));
    const log = nginx.accessLog();
    expect(upgraded(log), log).toBe(true);
    expect(log).not.toContain('token=');
  });

  it('Caddy (deploy/Caddyfile): its own certificate, the real client, and the console\'s live socket through it', async () => {
    await guessThrough(caddy.url, caddy.caPem, '127.0.0.4');
    // The console is still signed in through nginx: sign out, then in through Caddy.
    const console2 = await consoleBrowser.open('console.html');
    await button(console2, 'Sign out').click();
    await signIn(console2, caddy.url, 'admin', ADMIN_PASSWORD);
    await waitForText(console2, 'region', 'Queue', 'No customers are waiting.');
    const redirect = await fetch(`${caddy.httpUrl}/`, { redirect: 'manual' });
    expect(redirect.headers.get('location')).toBe(`${caddy.url}/`);
  });
});
