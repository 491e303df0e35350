import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse, Delivery } from '@rs/protocol';
import { CONSOLE_ORIGIN, CUSTOMER_ORIGIN, TestClient, api, login, startTestServer } from '../testing.ts';

type Running = Awaited<ReturnType<typeof startTestServer>>;
const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

/** A local HTTP target that counts the calls it gets and answers with `answer`. */
async function target(answer: (res: import('node:http').ServerResponse) => void) {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    calls++;
    req.resume();
    req.on('end', () => answer(res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const handle = { port: (server.address() as AddressInfo).port, calls: () => calls, close: () => new Promise((r) => server.close(r)) };
  open.push(handle);
  return handle;
}

async function server(env: Record<string, string> = {}): Promise<{ srv: Running; admin: string }> {
  const srv = await startTestServer({ WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_MAX_ATTEMPTS: '2', ...env });
  open.push(srv);
  return { srv, admin: await login(srv.url) };
}

/** One served and closed session: what makes the server deliver its history to every integration. */
async function closeOneSession(srv: Running, admin: string): Promise<void> {
  const created = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Ada' } });
  const sessionId = created.body.session.id;
  const customer = await TestClient.open(srv.url, created.body.customerToken, CUSTOMER_ORIGIN);
  const rep = await TestClient.open(srv.url, admin, CONSOLE_ORIGIN);
  await rep.request({ type: 'session.accept', id: 'a', sessionId });
  await rep.request({ type: 'session.end', id: 'e', sessionId, mode: 'close' });
  customer.close();
  rep.close();
}

async function deliveries(srv: Running, admin: string, integrationId: string): Promise<Delivery[]> {
  return (await api<{ deliveries: Delivery[] }>(srv.url, `/api/integrations/${integrationId}/deliveries`, { token: admin })).body.deliveries;
}

describe('webhook targets', () => {
  it('refuses loopback, private, link-local, metadata and other internal URLs when an admin saves them', async () => {
    const { srv, admin } = await server();
    for (const webhookUrl of ['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://127.0.0.1:22/', 'http://[::1]/', 'http://0x7f.1/', 'http://2130706433/', 'http://[::ffff:127.0.0.1]/', 'http://localhost/', 'http://metadata.google.internal/', 'http://[fd00:ec2::254]/']) {
      const answer = await api<{ error: { code: string; message: string } }>(srv.url, '/api/integrations', { token: admin, body: { name: 'Probe', webhookUrl } });
      expect([webhookUrl, answer.status, answer.body.error?.code]).toEqual([webhookUrl, 400, 'bad_message']);
      expect(answer.body.error.message).toMatch(/WEBHOOK_ALLOW_PRIVATE/);
    }
    expect((await api<{ integrations: unknown[] }>(srv.url, '/api/integrations', { token: admin })).body.integrations).toEqual([]);
    expect((await api(srv.url, '/api/integrations', { token: admin, body: { name: 'ITSM', webhookUrl: 'https://itsm.example.com/hook' } })).status).toBe(201);
  });

  it('checks the address again after DNS at delivery time: a name that resolves to loopback is never called', async () => {
    const { srv, admin } = await server();
    const local = await target((res) => res.writeHead(204).end());
    // Saved before this rule existed (straight into the store): only the delivery-time check stands between it and loopback.
    await srv.store.workflow.createIntegration({ id: 'legacy-integration', name: 'Legacy', webhookUrl: `http://localhost:${local.port}/hook`, secret: 's', createdAt: Date.now() });
    await closeOneSession(srv, admin);
    await expect.poll(async () => (await deliveries(srv, admin, 'legacy-integration'))[0]?.status, { timeout: 10_000 }).toBe('failed');
    expect((await deliveries(srv, admin, 'legacy-integration'))[0]).toMatchObject({ lastStatus: null, lastError: expect.stringMatching(/^blocked address/) });
    expect(local.calls()).toBe(0);
  }, 20_000);

  it('with WEBHOOK_ALLOW_PRIVATE=true accepts a local target; the log says "refused by the target" without its status or body, and redirects are not followed', async () => {
    const { srv, admin } = await server({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    const elsewhere = await target((res) => res.writeHead(204).end());
    const refusing = await target((res) => res.writeHead(418, { 'content-type': 'text/plain' }).end('SSH-2.0-OpenSSH_9.2 internal banner'));
    const redirecting = await target((res) => res.writeHead(302, { location: `http://127.0.0.1:${elsewhere.port}/` }).end());
    const ids: string[] = [];
    for (const port of [refusing.port, redirecting.port]) {
      const saved = await api<{ integration: { id: string } }>(srv.url, '/api/integrations', { token: admin, body: { name: `T${port}`, webhookUrl: `http://127.0.0.1:${port}/hook` } });
      expect(saved.status).toBe(201);
      ids.push(saved.body.integration.id);
    }
    await closeOneSession(srv, admin);
    for (const id of ids) {
      await expect.poll(async () => (await deliveries(srv, admin, id))[0]?.status, { timeout: 10_000 }).toBe('failed');
      const [log] = await deliveries(srv, admin, id);
      expect(log).toMatchObject({ attempts: 2, lastStatus: null, lastError: 'refused by the target' });
      expect(JSON.stringify(log)).not.toMatch(/418|302|OpenSSH/);
    }
    expect(elsewhere.calls()).toBe(0);
  }, 20_000);

  it('logs an unreachable target as unreachable, with no detail', async () => {
    const { srv, admin } = await server({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    const gone = await target((res) => res.end());
    const port = gone.port;
    await gone.close();
    const saved = await api<{ integration: { id: string } }>(srv.url, '/api/integrations', { token: admin, body: { name: 'Gone', webhookUrl: `http://127.0.0.1:${port}/hook` } });
    await closeOneSession(srv, admin);
    await expect.poll(async () => (await deliveries(srv, admin, saved.body.integration.id))[0]?.status, { timeout: 10_000 }).toBe('failed');
    expect((await deliveries(srv, admin, saved.body.integration.id))[0]).toMatchObject({ lastStatus: null, lastError: 'unreachable' });
  }, 20_000);
});
