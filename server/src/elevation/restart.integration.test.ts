import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse, PermissionsResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, TestClient } from '../testing.ts';
import { pgSuite } from '../store/pg-suite.ts';
import { startServerChild } from '../testing-process.ts';

/**
 * Restart fail-safe, on the real server process: `kill -9` while the helper
 * is connected and control granted, start again on the same database. Nobody
 * has reported the helper to the new process, so control is not granted, the
 * Allow is taken back, and the customer's "Take back control" and STOP
 * SHARING are accepted (the regression: refused, control kept).
 */
const PASSWORD = 'restart-admin-password';
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

function startProcess(env: Record<string, string>) {
  return startServerChild({ ADMIN_PASSWORD: PASSWORD, ...env }, (close) => void cleanup.push(close));
}

async function open(url: string, token: string, origin: string): Promise<TestClient> {
  const client = await TestClient.open(url, token, origin);
  cleanup.push(() => client.close());
  return client;
}

async function killedWhileElevated(env: Record<string, string>) {
  const first = await startProcess(env);
  const { session, customerToken } = (await api<CreateSessionResponse>(first.url, '/api/sessions', { body: { customerName: 'Ada' } })).body;
  const sessionId = session.id;
  const customer = await open(first.url, customerToken, CUSTOMER_ORIGIN);
  const repToken = await login(first.url, 'admin', PASSWORD);
  const rep = await open(first.url, repToken, CONSOLE_ORIGIN);
  await rep.request({ type: 'session.accept', id: 'a', sessionId });
  await rep.request({ type: 'permission.request', id: 'v', sessionId, permission: 'view' });
  await customer.request({ type: 'permission.answer', id: 'va', sessionId, permission: 'view', allow: true });
  await customer.request({ type: 'share.started', id: 's', sessionId, surface: 'monitor' });
  await rep.request({ type: 'elevate.request', id: 'e', sessionId });
  await customer.request({ type: 'elevate.answer', id: 'ea', sessionId, allow: true });
  await customer.request({ type: 'elevate.report', id: 'er', sessionId, host: 'connected' });
  expect(await rep.request({ type: 'permission.request', id: 'c', sessionId, permission: 'control' })).toMatchObject({ type: 'reply' });
  await rep.next('permissions', (m) => m.permissions.some((p) => p.kind === 'control' && p.state === 'granted'));
  await first.kill9();

  const second = await startProcess(env);
  return { url: second.url, sessionId, customerToken, repToken };
}

async function expectFailSafe({ url, sessionId, customerToken, repToken }: Awaited<ReturnType<typeof killedWhileElevated>>) {
  const state = async (kind: string) =>
    (await api<PermissionsResponse>(url, `/api/sessions/${sessionId}/permissions`, { token: customerToken })).body.permissions.find((p) => p.kind === kind)?.state;
  expect(await state('control')).toBe('revoked');
  const customer = await open(url, customerToken, CUSTOMER_ORIGIN);
  // The customer's extension is told the Allow is no longer in force (it stops its helper).
  expect(await customer.next('elevation', (m) => m.sessionId === sessionId)).toMatchObject({ state: 'revoked' });
  // The customer's revoke is always accepted.
  expect(await customer.request({ type: 'elevate.report', id: 'r1', sessionId, host: 'revoked' })).toMatchObject({ type: 'reply' });
  // A helper reported again does not bring the old Allow back: the representative asks again.
  expect(await customer.request({ type: 'elevate.report', id: 'r2', sessionId, host: 'connected' })).toMatchObject({ type: 'error', code: 'invalid_state' });
  const rep = await open(url, repToken, CONSOLE_ORIGIN);
  expect(await rep.request({ type: 'permission.request', id: 'c2', sessionId, permission: 'control' })).toMatchObject({ type: 'reply' });
  expect(await state('control')).toBe('asked');
  expect(await customer.request({ type: 'share.stop', id: 'st', sessionId, reason: 'customer_stopped' })).toMatchObject({ type: 'reply' });
  expect(await state('view')).toBe('revoked');
}

describe('after kill -9 and a restart, nothing unproven stays granted', { timeout: 60_000 }, () => {
  it('on the same SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rs-restart-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    await expectFailSafe(await killedWhileElevated({ DATA_DIR: dir }));
  });

  describe('on PostgreSQL', () => {
    const pg = pgSuite();
    it('on the same PostgreSQL database', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rs-restart-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      await expectFailSafe(await killedWhileElevated({ DATA_DIR: dir, DATABASE_URL: await pg.cluster().freshDatabase() }));
    });
  });
});
