import { afterEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '@rs/protocol';
import { ReadinessSchema } from '@rs/protocol';
import { ADMIN_PASSWORD, api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient } from '../testing.ts';
import { startServerChild } from '../testing-process.ts';
import { sample, scrape } from '../testing-metrics.ts';
import { captureLogs } from './log.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanups.splice(0).reverse()) await close();
});

const TOKEN = 'metrics-token-for-this-test-0123456789';

/** Every line the process printed, each parsed as JSON (a line that is not JSON fails the test). */
function jsonLines(output: string): Record<string, unknown>[] {
  return output.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function until<T>(read: () => T | undefined, what: string): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() - started > 20_000) throw new Error(`never saw ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a real server process logs JSON lines', () => {
  it('a failed sign-in is an audit line and a request-log line with the caller\'s X-Request-Id, the path without its query, never the password', { timeout: 60_000 }, async () => {
    const child = await startServerChild({ LOG_LEVEL: 'info', ADMIN_PASSWORD, METRICS_TOKEN: TOKEN }, (close) => cleanups.push(close));
    const wrong = await fetch(`${child.url}/api/auth/login?token=do-not-log-me`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'support-ticket-4711' },
      body: JSON.stringify({ username: 'admin', password: 'hunter2-wrong' }),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('x-request-id')).toBe('support-ticket-4711');
    // An id that could forge a log line or a header is replaced, and the new one is echoed.
    const forged = await fetch(`${child.url}/readyz`, { headers: { 'x-request-id': 'a"}{"audit":"x' } });
    expect(ReadinessSchema.parse(await forged.json())).toMatchObject({ ready: true });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await api(child.url, '/api/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } })).status).toBe(200);

    const lines = await until(() => {
      const all = jsonLines(child.output());
      return all.some((l) => l.audit === 'sign_in.succeeded') && all.some((l) => (l.res as { status?: number } | undefined)?.status === 401) ? all : undefined;
    }, 'the sign-in lines');
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', audit: 'sign_in.failed', username: 'admin', address: '127.0.0.1', reqId: 'support-ticket-4711', time: expect.any(String) }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', audit: 'sign_in.succeeded', username: 'admin', repId: expect.any(String) }));
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'info', reqId: 'support-ticket-4711', req: { method: 'POST', path: '/api/auth/login' }, res: { status: 401 }, ms: expect.any(Number) }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ msg: expect.stringMatching(/^Remote support server listening on http:\/\/127\.0\.0\.1:\d+ /) }));
    const text = child.output();
    for (const secret of ['hunter2-wrong', 'do-not-log-me', ADMIN_PASSWORD, TOKEN]) expect(text).not.toContain(secret);

    // METRICS_TOKEN set: /metrics needs it, even from this machine.
    expect((await fetch(`${child.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${child.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const families = await scrape(child.url, TOKEN);
    expect(sample(families, 'rs_throttled_total')).toBe(0);
    expect(families.map((f) => f.name)).toEqual(expect.arrayContaining(['nodejs_eventloop_lag_seconds', 'process_resident_memory_bytes', 'rs_sessions', 'rs_queue_depth', 'rs_webhook_failures_total']));
  });
});

describe('the audit log', () => {
  it('an admin change and an API token created, used, refused and revoked are audit lines naming who, never the token', async () => {
    const srv = await startTestServer();
    cleanups.push(() => srv.close());
    const logs = captureLogs('info');
    cleanups.push(async () => logs.restore());
    const admin = await login(srv.url);
    expect((await api(srv.url, '/api/teams', { token: admin, body: { name: 'Printers' } })).status).toBe(201);
    const integration = await api<{ integration: { id: string } }>(srv.url, '/api/integrations', { token: admin, body: { name: 'ITSM', webhookUrl: 'https://itsm.example.com/hook' } });
    const id = integration.body.integration.id;
    const created = await api<{ token: string; apiToken: { id: string } }>(srv.url, `/api/integrations/${id}/tokens`, { token: admin, body: { name: 'sync', scopes: ['history:read'], ttlDays: 1 } });
    expect(created.status).toBe(201);
    expect((await api(srv.url, '/api/history', { token: created.body.token })).status).toBe(200);
    expect((await api(srv.url, '/api/history', { token: 'rsi_not-a-real-token' })).status).toBe(401);
    expect((await api(srv.url, `/api/integrations/${id}/tokens/${created.body.apiToken.id}`, { token: admin, method: 'DELETE' })).status).toBe(204);
    const audit = logs.lines.filter((l) => l.audit);
    expect(audit.map((l) => l.audit)).toEqual(['sign_in.succeeded', 'admin.changed', 'admin.changed', 'api_token.created', 'api_token.used', 'api_token.refused', 'api_token.revoked']);
    expect(audit[1]).toMatchObject({ username: 'admin', method: 'POST', path: '/api/teams', status: 201 });
    expect(audit[4]).toMatchObject({ tokenId: created.body.apiToken.id, scope: 'history:read', address: '127.0.0.1' });
    expect(audit[5]).toMatchObject({ reason: 'unknown', tokenId: null });
    expect(JSON.stringify(logs.lines)).not.toContain(created.body.token);
    expect(JSON.stringify(logs.lines)).not.toContain(admin);
  });
});

describe('/metrics and /readyz', () => {
  it('counters move with what clients do: sockets, chat, queue and its wait, throttled requests', { timeout: 60_000 }, async () => {
    const srv = await startTestServer({ CUSTOMER_GRACE_MS: '60000', CHAT_QUEUED_PER_MINUTE: '2' });
    cleanups.push(() => srv.close());
    const before = await scrape(srv.url);
    expect(sample(before, 'rs_live_requests_total', { type: 'chat.send' })).toBe(0);

    const { body } = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Pat' } });
    const customer = await TestClient.open(srv.url, body.customerToken, CUSTOMER_ORIGIN);
    cleanups.push(async () => customer.close());
    const sessionId = body.session.id;
    for (const text of ['one', 'two', 'three']) await customer.request({ type: 'chat.send', id: text, sessionId, text });
    let now = await scrape(srv.url);
    expect(sample(now, 'rs_live_sockets', { role: 'customer' })).toBe(1);
    expect(sample(now, 'rs_sessions', { state: 'queued' })).toBe(1);
    expect(sample(now, 'rs_queue_depth')).toBe(1);
    expect(sample(now, 'rs_live_requests_total', { type: 'chat.send', outcome: 'ok' })).toBe(2);
    expect(sample(now, 'rs_live_requests_total', { type: 'chat.send', outcome: 'rate_limited' })).toBe(1);
    expect(sample(now, 'rs_throttled_total', { door: 'live' })).toBe(1);

    const rep = await TestClient.open(srv.url, await login(srv.url), CONSOLE_ORIGIN);
    cleanups.push(async () => rep.close());
    expect((await rep.request({ type: 'session.accept', id: 'a', sessionId })).type).toBe('reply');
    now = await scrape(srv.url);
    expect(sample(now, 'rs_queue_wait_seconds')).toBe(1);
    expect(sample(now, 'rs_sessions', { state: 'active' })).toBe(1);
    expect(sample(now, 'rs_queue_depth')).toBe(0);
    expect(sample(now, 'rs_live_sockets')).toBe(2);
  });

  it('without METRICS_TOKEN: served to this machine only, not through a proxy', async () => {
    const srv = await startTestServer();
    cleanups.push(() => srv.close());
    expect((await fetch(`${srv.url}/metrics`)).status).toBe(200);
    for (const header of [['x-forwarded-for', '203.0.113.9'], ['forwarded', 'for=203.0.113.9'], ['x-real-ip', '203.0.113.9']] as const) {
      const res = await fetch(`${srv.url}/metrics`, { headers: [[...header]] });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
  });

  it('/readyz answers 503 naming the database once a real query of it fails', async () => {
    const srv = await startTestServer();
    const ready = async () => {
      const res = await fetch(`${srv.url}/readyz`);
      return { status: res.status, body: ReadinessSchema.parse(await res.json()) };
    };
    try {
      expect(await ready()).toMatchObject({ status: 200, body: { ready: true } });
      await srv.store.close();
      expect(await ready()).toMatchObject({ status: 503, body: { ready: false, failing: ['database'] } });
    } finally {
      await srv.close().catch(() => undefined);
    }
  });
});
