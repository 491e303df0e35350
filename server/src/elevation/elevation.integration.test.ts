import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient } from '../testing.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let installers: string;
const clients: TestClient[] = [];

beforeEach(async () => {
  installers = mkdtempSync(join(tmpdir(), 'rs-installers-'));
  // A long grace: under load, the customer may connect later than the default test grace of 300 ms.
  srv = await startTestServer({ INSTALLERS_DIR: installers, CUSTOMER_GRACE_MS: '60000' });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await srv.close();
  rmSync(installers, { recursive: true, force: true });
});

async function activeSession() {
  const { session, customerToken } = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Ada' } })).body;
  const rep = await TestClient.open(srv.url, await login(srv.url), CONSOLE_ORIGIN);
  const customer = await TestClient.open(srv.url, customerToken, CUSTOMER_ORIGIN);
  clients.push(rep, customer);
  await rep.request({ type: 'session.accept', id: 'a', sessionId: session.id });
  return { sessionId: session.id, rep, customer };
}

describe('elevation', () => {
  it('asks the customer, records Allow, and relays the host state to the representative', async () => {
    const { sessionId, rep, customer } = await activeSession();
    expect(await customer.request({ type: 'elevate.answer', id: 'early', sessionId, allow: true })).toMatchObject({ type: 'error', code: 'invalid_state' });
    expect(await customer.request({ type: 'elevate.request', id: 'c', sessionId })).toMatchObject({ type: 'error', code: 'forbidden' });

    expect(await rep.request({ type: 'elevate.request', id: 'e', sessionId })).toMatchObject({ type: 'reply', id: 'e' });
    expect(await customer.next('elevation')).toEqual({ type: 'elevation', sessionId, state: 'requested', repName: 'Administrator' });
    await rep.next('elevation', (m) => m.state === 'requested');

    expect(await customer.request({ type: 'elevate.answer', id: 'y', sessionId, allow: true })).toMatchObject({ type: 'reply' });
    expect(await rep.next('elevation', (m) => m.state === 'allowed')).toMatchObject({ sessionId });
    await customer.request({ type: 'elevate.report', id: 'r', sessionId, host: 'connected' });
    expect(await rep.next('elevation', (m) => m.state === 'connected')).toMatchObject({ sessionId });
    // Already elevated: a second ask is refused.
    expect(await rep.request({ type: 'elevate.request', id: 'e2', sessionId })).toMatchObject({ type: 'error', code: 'invalid_state' });
    // Each step is in the transcript, as system lines.
    const transcript = await api<{ messages: { author: string; text: string }[] }>(srv.url, `/api/sessions/${sessionId}/transcript`, { token: await login(srv.url) });
    expect(transcript.body.messages.filter((m) => m.author === 'system').map((m) => m.text)).toEqual(
      expect.arrayContaining([
        "Administrator asked for full control of the customer's computer.",
        'The customer allowed full control.',
        'The support helper is connected: full control is on.',
      ]),
    );
  });

  it('records Refuse, and a report without an Allow is refused', async () => {
    const { sessionId, rep, customer } = await activeSession();
    await rep.request({ type: 'elevate.request', id: 'e', sessionId });
    await customer.request({ type: 'elevate.answer', id: 'n', sessionId, allow: false });
    expect(await rep.next('elevation', (m) => m.state === 'refused')).toMatchObject({ sessionId });
    expect(await customer.request({ type: 'elevate.report', id: 'r', sessionId, host: 'connected' })).toMatchObject({ type: 'error', code: 'invalid_state' });
  });
});

describe('GET /api/installers/:os', () => {
  it('serves a built installer and answers a clear 404 otherwise', async () => {
    mkdirSync(join(installers, 'linux'));
    writeFileSync(join(installers, 'linux', 'open-remote-support-helper-linux-x64'), 'ELF...');
    const res = await fetch(`${srv.url}/api/installers/linux`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('open-remote-support-helper-linux-x64');
    expect(await res.text()).toBe('ELF...');
    const missing = await api<{ error: { code: string; message: string } }>(srv.url, '/api/installers/windows');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('windows installer is not built');
    expect((await api(srv.url, '/api/installers/..%2F..%2Fetc')).status).toBe(404);
  });
});
