import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient } from '../testing.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
let relayDir: string;
const clients: TestClient[] = [];
const MAX = 2 * 1024 * 1024;

beforeEach(async () => {
  relayDir = mkdtempSync(join(tmpdir(), 'rs-relay-'));
  srv = await startTestServer({ FILE_RELAY_DIR: relayDir, FILE_MAX_BYTES: String(MAX), CUSTOMER_GRACE_MS: '60000' });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await srv.close();
  rmSync(relayDir, { recursive: true, force: true });
});

async function activeSession() {
  const { session, customerToken } = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Ada' } })).body;
  const repToken = await login(srv.url);
  const rep = await TestClient.open(srv.url, repToken, CONSOLE_ORIGIN);
  const customer = await TestClient.open(srv.url, customerToken, CUSTOMER_ORIGIN);
  clients.push(rep, customer);
  await rep.request({ type: 'session.accept', id: 'a', sessionId: session.id });
  return { sessionId: session.id, rep, customer, repToken, customerToken };
}

const tid = () => randomBytes(16).toString('hex');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function put(sessionId: string, transferId: string, seq: number, token: string, data: Buffer) {
  return fetch(`${srv.url}/api/sessions/${sessionId}/files/${transferId}/chunks/${seq}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(data),
  });
}
const get = (sessionId: string, transferId: string, token: string) =>
  fetch(`${srv.url}/api/sessions/${sessionId}/files/${transferId}`, { headers: { authorization: `Bearer ${token}` } });

describe('file transfer control plane', () => {
  it('offers, accepts with the customer’s consent as the files permission, completes with a transcript line', async () => {
    const { sessionId, rep, customer, repToken, customerToken } = await activeSession();
    const transferId = tid();
    const offer = { type: 'file.offer', id: 'o', sessionId, transferId, name: '../../secret/\u202ereport.pdf', size: 12 * 1024, sha256: 'a'.repeat(64) };
    expect(await customer.request(offer)).toMatchObject({ type: 'reply' });
    const seen = await rep.next('file');
    expect(seen.transfer).toMatchObject({ id: transferId, from: 'customer', senderName: 'Ada', name: 'report.pdf', state: 'offered' });
    expect(await rep.next('permissions')).toMatchObject({ permissions: [expect.objectContaining({ kind: 'files', state: 'granted', by: 'customer' })] });
    // Only the receiver answers; the sender cannot confirm its own transfer.
    expect(await customer.request({ type: 'file.answer', id: 'x', sessionId, transferId, accept: true })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await rep.request({ type: 'file.answer', id: 'y', sessionId, transferId, accept: true })).toMatchObject({ type: 'reply' });
    expect(await customer.request({ type: 'file.report', id: 'z', sessionId, transferId, outcome: 'completed', route: 'p2p' })).toMatchObject({ type: 'error', code: 'forbidden' });
    expect(await rep.request({ type: 'file.report', id: 'r', sessionId, transferId, outcome: 'completed', route: 'p2p' })).toMatchObject({ type: 'reply' });
    expect(await customer.next('file', (m) => m.transfer.state === 'completed')).toMatchObject({ transfer: { route: 'p2p', by: 'rep' } });
    // A page that reconnects gets every transfer of the session; others' tokens get nothing.
    const list = await api<{ transfers: { id: string; state: string }[] }>(srv.url, `/api/sessions/${sessionId}/files`, { token: customerToken });
    expect(list.body.transfers).toEqual([expect.objectContaining({ id: transferId, state: 'completed' })]);
    expect((await api(srv.url, `/api/sessions/${sessionId}/files`, { token: await otherCustomerToken() })).status).toBe(401);
    const transcript = await api<{ messages: { author: string; text: string }[] }>(srv.url, `/api/sessions/${sessionId}/transcript`, { token: repToken });
    expect(transcript.body.messages.filter((m) => m.author === 'system').map((m) => m.text)).toContain('Ada sent report.pdf (12 KB).');
  });

  it('refuses an offer over FILE_MAX_BYTES, and records a decline', async () => {
    const { sessionId, rep, customer } = await activeSession();
    expect(await rep.request({ type: 'file.offer', id: 'o', sessionId, transferId: tid(), name: 'big.iso', size: MAX + 1, sha256: 'b'.repeat(64) })).toMatchObject({ type: 'error', code: 'too_large' });
    const transferId = tid();
    await rep.request({ type: 'file.offer', id: 'o2', sessionId, transferId, name: 'tool.exe', size: 10, sha256: 'b'.repeat(64) });
    expect(await customer.request({ type: 'file.answer', id: 'n', sessionId, transferId, accept: false })).toMatchObject({ type: 'reply' });
    expect(await rep.next('file', (m) => m.transfer.state === 'declined')).toMatchObject({ transfer: { by: 'customer' } });
    expect(await customer.request({ type: 'file.answer', id: 'n2', sessionId, transferId, accept: true })).toMatchObject({ type: 'error', code: 'invalid_state' });
  });

  it('refuses the representative accepting after STOP SHARING revoked files', async () => {
    const { sessionId, rep, customer } = await activeSession();
    const transferId = tid();
    await customer.request({ type: 'file.offer', id: 'o', sessionId, transferId, name: 'log.txt', size: 10, sha256: 'c'.repeat(64) });
    await customer.request({ type: 'share.stop', id: 's', sessionId, reason: 'customer_stopped' });
    expect(await rep.request({ type: 'file.answer', id: 'y', sessionId, transferId, accept: true })).toMatchObject({ type: 'error', code: 'forbidden' });
  });
});

describe('file relay', () => {
  it('relays a chunked upload to the receiver only, then deletes it', async () => {
    const { sessionId, rep, customer, repToken, customerToken } = await activeSession();
    const data = randomBytes(700 * 1024);
    const transferId = tid();
    await rep.request({ type: 'file.offer', id: 'o', sessionId, transferId, name: 'fix.sh', size: data.length, sha256: sha(data) });
    // Not accepted yet: no upload.
    expect((await put(sessionId, transferId, 0, repToken, data.subarray(0, 10))).status).toBe(409);
    await customer.request({ type: 'file.answer', id: 'y', sessionId, transferId, accept: true });
    expect((await put(sessionId, transferId, 0, customerToken, data.subarray(0, 10))).status).toBe(403);
    expect((await put(sessionId, transferId, 0, 'not-a-token', data.subarray(0, 10))).status).toBe(401);
    expect((await put(sessionId, transferId, 0, repToken, data.subarray(0, 512 * 1024))).status).toBe(200);
    expect((await put(sessionId, transferId, 2, repToken, data.subarray(512 * 1024))).status).toBe(409);
    expect((await get(sessionId, transferId, customerToken)).status).toBe(409);
    expect((await put(sessionId, transferId, 1, repToken, Buffer.concat([data.subarray(512 * 1024), Buffer.from('extra')]))).status).toBe(413);
    expect((await put(sessionId, transferId, 1, repToken, data.subarray(512 * 1024))).status).toBe(200);
    expect(await customer.next('file', (m) => m.transfer.relayReady)).toMatchObject({ transfer: { route: 'relay' } });
    expect((await get(sessionId, transferId, repToken)).status).toBe(403);
    const res = await get(sessionId, transferId, customerToken);
    expect(res.status).toBe(200);
    expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(sha(data));
    await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(relayDir)).toEqual([]);
    expect(await customer.request({ type: 'file.report', id: 'r', sessionId, transferId, outcome: 'completed', route: 'relay' })).toMatchObject({ type: 'reply' });
  });

  it('either party cancels an offered or moving transfer: both are told who, and the relay forgets what it holds', async () => {
    const { sessionId, rep, customer, repToken, customerToken } = await activeSession();
    // The sender takes back an offer before it is answered.
    const offered = tid();
    await rep.request({ type: 'file.offer', id: 'o', sessionId, transferId: offered, name: 'tool.exe', size: 10, sha256: 'd'.repeat(64) });
    expect(await rep.request({ type: 'file.cancel', id: 'c', sessionId, transferId: offered })).toMatchObject({ type: 'reply' });
    expect(await customer.next('file', (m) => m.transfer.state === 'cancelled')).toMatchObject({ transfer: { id: offered, by: 'rep' } });
    expect(await customer.request({ type: 'file.answer', id: 'a', sessionId, transferId: offered, accept: true })).toMatchObject({ type: 'error', code: 'invalid_state' });
    // The receiver stops one half way through the relay.
    const data = randomBytes(700 * 1024);
    const moving = tid();
    await rep.request({ type: 'file.offer', id: 'o2', sessionId, transferId: moving, name: 'fix.sh', size: data.length, sha256: sha(data) });
    await customer.request({ type: 'file.answer', id: 'y', sessionId, transferId: moving, accept: true });
    expect((await put(sessionId, moving, 0, repToken, data.subarray(0, 512 * 1024))).status).toBe(200);
    expect(existsSync(join(relayDir, `${moving}.part`))).toBe(true);
    expect(await customer.request({ type: 'file.cancel', id: 'c2', sessionId, transferId: moving })).toMatchObject({ type: 'reply' });
    expect(await rep.next('file', (m) => m.transfer.id === moving && m.transfer.state === 'cancelled')).toMatchObject({ transfer: { by: 'customer' } });
    expect(readdirSync(relayDir)).toEqual([]);
    expect((await put(sessionId, moving, 1, repToken, data.subarray(512 * 1024))).status).toBe(409);
    expect((await get(sessionId, moving, customerToken)).status).toBe(409);
    // Nothing to cancel once it is over; another session's customer is not a party.
    expect(await customer.request({ type: 'file.cancel', id: 'c3', sessionId, transferId: moving })).toMatchObject({ type: 'error', code: 'invalid_state' });
    const outsider = await TestClient.open(srv.url, await otherCustomerToken(), CUSTOMER_ORIGIN);
    clients.push(outsider);
    expect(await outsider.request({ type: 'file.cancel', id: 'c4', sessionId, transferId: offered })).toMatchObject({ type: 'error', code: 'not_found' });
  });

  it('refuses relay uploads once files is revoked, and deletes relayed files when the session ends', async () => {
    const { sessionId, rep, customer, repToken } = await activeSession();
    const transferId = tid();
    const data = randomBytes(1000);
    await rep.request({ type: 'file.offer', id: 'o', sessionId, transferId, name: 'a.bin', size: 2000, sha256: sha(data) });
    await customer.request({ type: 'file.answer', id: 'y', sessionId, transferId, accept: true });
    expect((await put(sessionId, transferId, 0, repToken, data)).status).toBe(200);
    expect(existsSync(join(relayDir, `${transferId}.part`))).toBe(true);
    await customer.request({ type: 'share.stop', id: 's', sessionId, reason: 'customer_stopped' });
    expect((await put(sessionId, transferId, 1, repToken, data)).status).toBe(403);
    expect(await customer.next('file', (m) => m.transfer.state === 'failed')).toMatchObject({ transfer: { by: 'system' } });
    expect(readdirSync(relayDir)).toEqual([]);

    const second = tid();
    await customer.request({ type: 'file.offer', id: 'o2', sessionId, transferId: second, name: 'b.bin', size: 2000, sha256: sha(data) });
    await rep.request({ type: 'file.answer', id: 'y2', sessionId, transferId: second, accept: true });
    // The receiver cannot upload; another session's customer token is not a party here.
    expect((await put(sessionId, second, 0, repToken, data)).status).toBe(403);
    expect((await put(sessionId, second, 0, await otherCustomerToken(), data)).status).toBe(401);
    await rep.request({ type: 'session.end', id: 'e', sessionId, mode: 'close' });
    expect(await rep.next('file', (m) => m.transfer.id === second && m.transfer.state === 'failed')).toMatchObject({ transfer: { error: 'the session ended' } });
  });
});

async function otherCustomerToken(): Promise<string> {
  return (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Eve' } })).body.customerToken;
}
