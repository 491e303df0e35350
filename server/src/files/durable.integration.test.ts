import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse, FileListResponse } from '@rs/protocol';
import { ADMIN_PASSWORD, api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient, type TestServer } from '../testing.ts';

/** What the helpers below need of a server: where it is. */
type At = Pick<TestServer, 'url'>;
import { SqliteStore } from '../store/sqlite.ts';
import { PgStore } from '../store/pg.ts';
import { pgSuite } from '../store/pg-suite.ts';
import { startServerChild } from '../testing-process.ts';

const tid = () => randomBytes(16).toString('hex');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const CHUNK = 512 * 1024;

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});
const tmp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};
const open = async (srv: At, token: string, origin: string) => {
  const c = await TestClient.open(srv.url, token, origin);
  cleanup.push(() => c.close());
  return c;
};
const put = (srv: At, sessionId: string, transferId: string, seq: number, token: string, data: Buffer) =>
  fetch(`${srv.url}/api/sessions/${sessionId}/files/${transferId}/chunks/${seq}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(data),
  });
const get = (srv: At, sessionId: string, transferId: string, token: string) =>
  fetch(`${srv.url}/api/sessions/${sessionId}/files/${transferId}`, { headers: { authorization: `Bearer ${token}` } });
const list = async (srv: At, sessionId: string, token: string) =>
  (await api<FileListResponse>(srv.url, `/api/sessions/${sessionId}/files`, { token })).body.transfers;

/** `node server/src/main.ts` as its own process (a real server to kill -9), on a loopback port. */
function serverProcess(env: Record<string, string>) {
  return startServerChild({ ADMIN_PASSWORD, ...env }, (close) => void cleanup.push(close));
}

/** An active session on `srv`: the admin serving it, both parties connected. */
async function activeSession(srv: At) {
  const { session, customerToken } = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Ada' } })).body;
  const repToken = await login(srv.url);
  const rep = await open(srv, repToken, CONSOLE_ORIGIN);
  const customer = await open(srv, customerToken, CUSTOMER_ORIGIN);
  expect(await rep.request({ type: 'session.accept', id: 'a', sessionId: session.id })).toMatchObject({ type: 'reply' });
  return { sessionId: session.id, rep, customer, repToken, customerToken };
}

/** File transfers live in the store: a restarted server, or another one on the same database, carries on with them. */
describe('file transfers across a restart', { timeout: 60_000 }, () => {
  it('an accepted transfer half-way through the relay is still listed after a restart, and its upload completes', async () => {
    const dataDir = tmp('rs-durable-');
    const env = { DATA_DIR: dataDir, FILE_RELAY_DIR: join(dataDir, 'transfers'), CUSTOMER_GRACE_MS: '600000' };
    const file = join(dataDir, 'db.sqlite');
    const first = await startTestServer(env, new SqliteStore(file));
    let firstClosed = false;
    cleanup.push(() => firstClosed || first.close());
    const { sessionId, rep, customer, repToken, customerToken } = await activeSession(first);
    const data = randomBytes(CHUNK + 1000);
    const transferId = tid();
    await rep.request({ type: 'file.offer', id: 'o', sessionId, transferId, name: 'fix.sh', size: data.length, sha256: sha(data) });
    expect(await customer.request({ type: 'file.answer', id: 'y', sessionId, transferId, accept: true })).toMatchObject({ type: 'reply' });
    expect((await put(first, sessionId, transferId, 0, repToken, data.subarray(0, CHUNK))).status).toBe(200);
    firstClosed = true;
    await first.close();

    const second = await startTestServer(env, new SqliteStore(file));
    cleanup.push(() => second.close());
    // Nothing was deleted at start: the transfer is open, and both parties still see it as it was.
    expect(await list(second, sessionId, customerToken)).toEqual([expect.objectContaining({ id: transferId, state: 'accepted', relayReady: false })]);
    expect(await list(second, sessionId, repToken)).toEqual([expect.objectContaining({ id: transferId, state: 'accepted' })]);
    const rep2 = await open(second, repToken, CONSOLE_ORIGIN);
    const customer2 = await open(second, customerToken, CUSTOMER_ORIGIN);
    // The upload carries on at the next chunk: the relay's count survived.
    expect((await put(second, sessionId, transferId, 0, repToken, data.subarray(0, CHUNK))).status).toBe(200);
    expect((await put(second, sessionId, transferId, 1, repToken, data.subarray(CHUNK))).status).toBe(200);
    expect(await customer2.next('file', (m) => m.transfer.relayReady)).toMatchObject({ transfer: { id: transferId, route: 'relay' } });
    const res = await get(second, sessionId, transferId, customerToken);
    expect(res.status).toBe(200);
    expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(sha(data));
    expect(await customer2.request({ type: 'file.report', id: 'r', sessionId, transferId, outcome: 'completed', route: 'relay' })).toMatchObject({ type: 'reply' });
    expect(await rep2.next('file', (m) => m.transfer.state === 'completed')).toMatchObject({ transfer: { id: transferId, by: 'customer' } });
  });

  it('after kill -9 mid-relay the restarted server has the transfer and its counted bytes, and the download completes', async () => {
    const dataDir = tmp('rs-durable-kill-');
    const env = { DATA_DIR: dataDir, CUSTOMER_GRACE_MS: '600000' };
    const first = await serverProcess(env);
    const a: At = first;
    const { sessionId, rep, customer, repToken, customerToken } = await activeSession(a);
    const data = randomBytes(CHUNK + 4321);
    const transferId = tid();
    await customer.request({ type: 'file.offer', id: 'o', sessionId, transferId, name: 'dump.bin', size: data.length, sha256: sha(data) });
    expect(await rep.request({ type: 'file.answer', id: 'y', sessionId, transferId, accept: true })).toMatchObject({ type: 'reply' });
    expect((await put(a, sessionId, transferId, 0, customerToken, data.subarray(0, CHUNK))).status).toBe(200);
    await first.kill9();

    const second = await serverProcess(env);
    const b: At = second;
    expect(await list(b, sessionId, repToken)).toEqual([expect.objectContaining({ id: transferId, state: 'accepted', relayReady: false })]);
    const rep2 = await open(b, repToken, CONSOLE_ORIGIN);
    expect((await put(b, sessionId, transferId, 1, customerToken, data.subarray(CHUNK))).status).toBe(200);
    expect(await rep2.next('file', (m) => m.transfer.relayReady)).toMatchObject({ transfer: { id: transferId } });
    const res = await get(b, sessionId, transferId, repToken);
    expect(sha(Buffer.from(await res.arrayBuffer()))).toBe(sha(data));
    expect(await rep2.request({ type: 'file.report', id: 'r', sessionId, transferId, outcome: 'completed', route: 'relay' })).toMatchObject({ type: 'reply' });
  });

  it('a transfer offered before a restart can be cancelled after it, and the relay keeps only what open transfers hold', async () => {
    const dataDir = tmp('rs-durable-');
    const relayDir = join(dataDir, 'transfers');
    const env = { DATA_DIR: dataDir, FILE_RELAY_DIR: relayDir, CUSTOMER_GRACE_MS: '600000' };
    const file = join(dataDir, 'db.sqlite');
    const first = await startTestServer(env, new SqliteStore(file));
    let firstClosed = false;
    cleanup.push(() => firstClosed || first.close());
    const { sessionId, rep, customer, repToken, customerToken } = await activeSession(first);
    const moving = tid();
    await rep.request({ type: 'file.offer', id: 'o', sessionId, transferId: moving, name: 'a.bin', size: 2000, sha256: 'a'.repeat(64) });
    await customer.request({ type: 'file.answer', id: 'y', sessionId, transferId: moving, accept: true });
    expect((await put(first, sessionId, moving, 0, repToken, randomBytes(1000))).status).toBe(200);
    firstClosed = true;
    await first.close();
    // Left by a transfer nobody knows (a crash before it was recorded): an orphan.
    const orphan = tid();
    writeFileSync(join(relayDir, `${orphan}.part`), 'orphan');

    const second = await startTestServer(env, new SqliteStore(file));
    cleanup.push(() => second.close());
    expect(readdirSync(relayDir).sort()).toEqual([`${moving}.part`]);
    const rep2 = await open(second, repToken, CONSOLE_ORIGIN);
    const customer2 = await open(second, customerToken, CUSTOMER_ORIGIN);
    expect(await customer2.request({ type: 'file.cancel', id: 'c', sessionId, transferId: moving })).toMatchObject({ type: 'reply' });
    expect(await rep2.next('file', (m) => m.transfer.state === 'cancelled')).toMatchObject({ transfer: { id: moving, by: 'customer' } });
    expect(existsSync(join(relayDir, `${moving}.part`))).toBe(false);
    expect(await list(second, sessionId, customerToken)).toEqual([expect.objectContaining({ id: moving, state: 'cancelled' })]);
  });
});

describe('file transfers on two servers sharing one PostgreSQL', { timeout: 60_000 }, () => {
  const { cluster, later } = pgSuite();

  it('an offer made through server A is answered through server B, and a second node starting keeps A’s relay files', async () => {
    const url = await cluster().freshDatabase();
    const relayDir = tmp('rs-shared-relay-');
    const env = { FILE_RELAY_DIR: relayDir, CUSTOMER_GRACE_MS: '600000' };
    const a = await startTestServer(env, await PgStore.open(url));
    later(() => a.close());
    const { sessionId, rep, repToken, customerToken } = await activeSession(a);
    const data = randomBytes(1000);
    const sent = tid();
    await rep.request({ type: 'file.offer', id: 'o', sessionId, transferId: sent, name: 'a.bin', size: 2000, sha256: sha(data) });
    await open(a, customerToken, CUSTOMER_ORIGIN).then((c) => c.request({ type: 'file.answer', id: 'y', sessionId, transferId: sent, accept: true }));
    expect((await put(a, sessionId, sent, 0, repToken, data)).status).toBe(200);
    const offered = tid();
    await rep.request({ type: 'file.offer', id: 'o2', sessionId, transferId: offered, name: 'b.bin', size: 10, sha256: 'b'.repeat(64) });

    const b = await startTestServer(env, await PgStore.open(url));
    later(() => b.close());
    // B started on the shared relay folder without deleting A's half-relayed file.
    expect(readdirSync(relayDir)).toEqual([`${sent}.part`]);
    const customerOnB = await open(b, customerToken, CUSTOMER_ORIGIN);
    expect(await customerOnB.request({ type: 'file.answer', id: 'y2', sessionId, transferId: offered, accept: true })).toMatchObject({ type: 'reply' });
    expect(await customerOnB.request({ type: 'file.answer', id: 'y3', sessionId, transferId: offered, accept: true })).toMatchObject({ type: 'error', code: 'invalid_state' });
    // A sees B's answer, and the upload started on A finishes on B.
    expect(await list(a, sessionId, repToken)).toEqual([
      expect.objectContaining({ id: sent, state: 'accepted' }),
      expect.objectContaining({ id: offered, state: 'accepted', by: 'customer' }),
    ]);
    expect((await put(b, sessionId, sent, 1, repToken, data)).status).toBe(200);
    expect(await list(a, sessionId, customerToken)).toContainEqual(expect.objectContaining({ id: sent, relayReady: true, route: 'relay' }));
  });

  it('relays uploads of more transfers at once than the pool has connections, without stalling', async () => {
    const url = await cluster().freshDatabase();
    // Two connections and a short wait for one: an upload that held one while waiting for another would time out.
    const srv = await startTestServer({ FILE_RELAY_DIR: tmp('rs-pool-relay-'), CUSTOMER_GRACE_MS: '600000' }, await PgStore.open(url, { max: 2, connectTimeoutMs: 3000 }));
    later(() => srv.close());
    const { sessionId, rep, customer, repToken } = await activeSession(srv);
    const ids = Array.from({ length: 6 }, tid);
    for (const [i, transferId] of ids.entries()) {
      await rep.request({ type: 'file.offer', id: `o${i}`, sessionId, transferId, name: `f${i}.bin`, size: 2000, sha256: 'c'.repeat(64) });
      expect(await customer.request({ type: 'file.answer', id: `y${i}`, sessionId, transferId, accept: true })).toMatchObject({ type: 'reply' });
    }
    const answers = await Promise.all(ids.map((transferId) => put(srv, sessionId, transferId, 0, repToken, randomBytes(1000))));
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 200));
  });
});
