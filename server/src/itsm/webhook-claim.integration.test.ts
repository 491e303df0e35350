import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite.ts';
import { WebhookDispatcher } from './webhooks.ts';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

it('two nodes passing over the same due delivery at once post it once (the first to claim it does)', async () => {
  let calls = 0;
  const receiver: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls++;
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  cleanup.push(() => new Promise((r) => receiver.close(r)));
  const store = new SqliteStore(':memory:');
  cleanup.push(() => store.close());
  await store.createSession({
    id: 'session-w1', state: 'closed', customerName: 'Ada', customerTokenHash: 'h', repId: null, createdAt: 1, queuedAt: 1,
    acceptedAt: null, endedAt: 2, endReason: 'customer_left', siteId: null, recordingAllowed: null,
  });
  await store.workflow.createIntegration({ id: 'integration-1', name: 'ITSM', webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: 's', createdAt: 1 });
  await store.workflow.createDelivery({
    id: 'delivery-1', integrationId: 'integration-1', sessionId: 'session-w1', status: 'pending', attempts: 0,
    lastStatus: null, lastError: null, nextAttemptAt: 1, deliveredAt: null, createdAt: 1,
  });
  const node = () => {
    const d = new WebhookDispatcher({ store, publicUrl: 'http://x', urlSecret: 'u', signedUrlTtlMs: 1000, maxAttempts: 3, retryBaseMs: 3_600_000, allowPrivate: true });
    cleanup.push(() => d.close());
    return d;
  };
  const [a, b] = [node(), node()];
  await Promise.all([a.kick(), b.kick()]);
  expect(calls).toBe(1);
  expect((await store.workflow.delivery('delivery-1'))?.status).toBe('delivered');
});
