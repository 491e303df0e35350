import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient } from '../testing.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let relayDir: string;
const clients: TestClient[] = [];
const KB = 1024;

beforeEach(async () => {
  relayDir = mkdtempSync(join(tmpdir(), 'rs-relay-'));
  srv = await startTestServer({
    FILE_RELAY_DIR: relayDir,
    CUSTOMER_GRACE_MS: '60000',
    RELAY_MAX_BYTES_PER_SESSION: String(100 * KB),
    RELAY_MAX_BYTES_TOTAL: String(150 * KB),
  });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await srv.close();
  rmSync(relayDir, { recursive: true, force: true });
});

async function activeSession(repToken: string) {
  const { session, customerToken } = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Ada' } })).body;
  const rep = await TestClient.open(srv.url, repToken, CONSOLE_ORIGIN);
  const customer = await TestClient.open(srv.url, customerToken, CUSTOMER_ORIGIN);
  clients.push(rep, customer);
  await rep.request({ type: 'session.accept', id: 'a', sessionId: session.id });
  return { sessionId: session.id, rep, customer };
}

/** The representative offers `size` bytes and the customer accepts: a transfer ready for relay chunks. */
async function accepted(s: Awaited<ReturnType<typeof activeSession>>, size: number): Promise<string> {
  const transferId = randomBytes(16).toString('hex');
  expect(await s.rep.request({ type: 'file.offer', id: `o${transferId}`, sessionId: s.sessionId, transferId, name: 'tool.bin', size, sha256: 'a'.repeat(64) })).toMatchObject({ type: 'reply' });
  expect(await s.customer.request({ type: 'file.answer', id: `y${transferId}`, sessionId: s.sessionId, transferId, accept: true })).toMatchObject({ type: 'reply' });
  return transferId;
}

const put = (sessionId: string, transferId: string, seq: number, token: string, data: Buffer) =>
  fetch(`${srv.url}/api/sessions/${sessionId}/files/${transferId}/chunks/${seq}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(data),
  });

describe('relay limits', () => {
  it('never stores more than the offered size when chunks race', async () => {
    const repToken = await login(srv.url);
    const s = await activeSession(repToken);
    const transferId = await accepted(s, 64 * KB);
    const chunk = randomBytes(64 * KB);
    // The same first chunk eight times at once, and the next chunk numbers too.
    const answers = await Promise.all([...Array.from({ length: 8 }, () => put(s.sessionId, transferId, 0, repToken, chunk)), put(s.sessionId, transferId, 1, repToken, chunk)]);
    expect(answers.map((a) => a.status).filter((st) => st === 200).length).toBeGreaterThanOrEqual(1);
    expect(statSync(join(relayDir, `${transferId}.part`)).size).toBe(64 * KB);
  });

  it('caps relayed bytes per session and on the whole server with limit_reached', async () => {
    const repToken = await login(srv.url);
    const a = await activeSession(repToken);
    const first = await accepted(a, 80 * KB);
    expect((await put(a.sessionId, first, 0, repToken, randomBytes(80 * KB))).status).toBe(200);
    const second = await accepted(a, 40 * KB);
    const perSession = await put(a.sessionId, second, 0, repToken, randomBytes(40 * KB));
    expect(perSession.status).toBe(409);
    expect(await perSession.json()).toMatchObject({ error: { code: 'limit_reached' } });

    const b = await activeSession(await login(srv.url));
    const third = await accepted(b, 80 * KB);
    const total = await put(b.sessionId, third, 0, repToken, randomBytes(80 * KB));
    expect(total.status).toBe(409);
    expect(await total.json()).toMatchObject({ error: { code: 'limit_reached' } });
    expect(readdirSync(relayDir)).toEqual([`${first}.part`]);
  });
});
