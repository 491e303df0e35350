import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '@rs/protocol';
import { SEA_FUSE } from '../../../installers/src/check.ts';
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

/**
 * The bytes the installer check looks at, laid out as in a Node single executable (the fuse, the launcher's
 * compiled key, the assets as node_sea.cc writes them); the real build is checked in installers/src.
 */
function installerBytes(options: { fuse?: 0 | 1; tamper?: boolean } = {}): Buffer {
  const key = generateKeyPairSync('ed25519');
  const bundle = Buffer.from('{"files":[]}');
  const signature = sign(null, bundle, key.privateKey);
  if (options.tamper) bundle[0] = 0x5b;
  const asset = (name: string, data: Buffer) => {
    const n = Buffer.alloc(8);
    n.writeBigUInt64LE(BigInt(name.length));
    const d = Buffer.alloc(8);
    d.writeBigUInt64LE(BigInt(data.length));
    return Buffer.concat([n, Buffer.from(name), d, data]);
  };
  const pem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return Buffer.concat([Buffer.from(`ELF... ${SEA_FUSE}:${options.fuse ?? 1} const KEY = ${JSON.stringify(pem)};`), asset('bundle', bundle), asset('signature', signature)]);
}

describe('GET /api/installers/:os', () => {
  it('serves a whole installer and answers a clear 404 otherwise', async () => {
    mkdirSync(join(installers, 'linux'));
    const whole = installerBytes();
    writeFileSync(join(installers, 'linux', 'open-remote-support-helper-linux-x64'), whole);
    const res = await fetch(`${srv.url}/api/installers/linux`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('open-remote-support-helper-linux-x64');
    expect(Buffer.from(await res.arrayBuffer()).equals(whole)).toBe(true);
    const missing = await api<{ error: { code: string; message: string } }>(srv.url, '/api/installers/windows');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('windows installer is not built');
    expect((await api(srv.url, '/api/installers/..%2F..%2Fetc')).status).toBe(404);
    expect(await api(srv.url, '/readyz')).toMatchObject({ status: 200, body: { ready: true, installers: { linux: { state: 'ok' }, windows: { state: 'missing' } } } });
  });

  it('refuses an installer that fails its check (an interrupted build, a changed bundle) and says why at /readyz', async () => {
    mkdirSync(join(installers, 'windows'));
    const file = join(installers, 'windows', 'open-remote-support-helper-windows-x64.exe');
    writeFileSync(file, installerBytes({ fuse: 0 }));
    const refused = await api<{ error: { code: string; message: string } }>(srv.url, '/api/installers/windows');
    expect(refused.status).toBe(404);
    expect(refused.body.error.message).toContain('failed its check (the single executable fuse is off');
    const ready = await api<{ ready: boolean; installers: Record<string, { state: string; reason?: string }> }>(srv.url, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.installers.windows).toEqual({ state: 'broken', reason: expect.stringContaining('fuse is off') });
    // A changed file is checked again.
    writeFileSync(file, installerBytes({ tamper: true }));
    expect((await api<{ error: { message: string } }>(srv.url, '/api/installers/windows')).body.error.message).toContain('does not match its signature');
  });
});
