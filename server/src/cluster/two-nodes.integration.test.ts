import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '@rs/protocol';
import { loadConfig } from '../config.ts';
import { startServer, type RunningServer } from '../app.ts';
import { ensureAdmin } from '../auth/admin.ts';
import { PgStore } from '../store/pg.ts';
import type { Store } from '../store/store.ts';
import { startPgCluster, type PgCluster } from '../store/pg-testing.ts';
import { ADMIN_PASSWORD, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, TestClient, addRep, api, login } from '../testing.ts';
import { startRedis, type RedisServer } from './redis-testing.ts';
import { eventually } from './bus-contract.ts';
import { redisClient } from './redis-client.ts';
import { startServerChild } from '../testing-process.ts';

/**
 * Two server nodes in this process (each with its own Redis connections, as
 * separate processes would have) on one PostgreSQL database and one Redis,
 * and real WebSocket clients on each.
 */
let pg: PgCluster;
const cleanup: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  pg = await startPgCluster();
}, 60_000);
afterAll(async () => {
  for (const close of cleanup.splice(0).reverse()) await close().catch(() => undefined);
  await pg?.stop();
});

type Node = RunningServer & { store: Store };

/** Two nodes on a fresh database and a fresh Redis (counters start at zero). */
async function twoNodes(env: Record<string, string> = {}): Promise<{ a: Node; b: Node; db: string; redis: RedisServer; another: () => Promise<Node> }> {
  const db = await pg.freshDatabase();
  const redis = await startRedis();
  cleanup.push(() => redis.stop());
  const node = async (): Promise<Node> => {
    const store = await PgStore.open(db);
    await ensureAdmin(store, 'admin', ADMIN_PASSWORD);
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', CUSTOMER_GRACE_MS: '1500', REDIS_URL: redis.url, CLUSTER_SWEEP_MS: '50', ...env });
    const running = Object.assign(await startServer(config, store), { store });
    cleanup.push(() => running.close());
    return running;
  };
  return { a: await node(), b: await node(), db, redis, another: node };
}

const startChat = async (node: Node, customerName = 'Ada') =>
  (await api<CreateSessionResponse>(node.url, '/api/sessions', { body: { customerName } })).body;

let seq = 0;
const id = () => `r${++seq}`;

/** A server node as its own process (server/src/main.ts), so it can be killed with SIGKILL. */
async function nodeProcess(env: Record<string, string>): Promise<{ url: string; kill(): Promise<void> }> {
  const node = await startServerChild({ ADMIN_PASSWORD, ...env }, (close) => void cleanup.push(close));
  return { url: node.url, kill: node.kill9 };
}

/** A session started now whose customer never connects: once it has ended, any grace that began earlier has run out too. */
async function graceOutlasted(node: Node): Promise<void> {
  const probe = await startChat(node, 'Probe');
  await eventually(async () => (await node.store.session(probe.session.id))?.state === 'closed', 20_000);
}

describe('two nodes on one database and one Redis', { timeout: 60_000 }, () => {
  it('a chat line the customer posts on node A reaches the representative on node B, and B sees the queue change A made', async () => {
    const { a, b } = await twoNodes();
    const rep = await TestClient.open(b.url, await login(b.url), CONSOLE_ORIGIN);
    cleanup.push(async () => rep.close());
    await rep.next('queue');
    const { session, customerToken } = await startChat(a);
    await rep.next('queue', (q) => q.entries.some((e) => e.sessionId === session.id));
    const customer = await TestClient.open(a.url, customerToken, CUSTOMER_ORIGIN);
    cleanup.push(async () => customer.close());
    expect((await rep.request({ type: 'session.accept', id: id(), sessionId: session.id })).type).toBe('reply');
    await customer.next('session', (s) => s.session.state === 'active');
    expect((await customer.request({ type: 'chat.send', id: id(), sessionId: session.id, text: 'hello from A' })).type).toBe('reply');
    await rep.next('chat', (c) => c.message.text === 'hello from A');
    expect((await rep.request({ type: 'chat.send', id: id(), sessionId: session.id, text: 'hello from B' })).type).toBe('reply');
    await customer.next('chat', (c) => c.message.text === 'hello from B');
  });

  it('a customer waiting on node A sees a representative sign in on node B and leave again', async () => {
    const { a, b } = await twoNodes();
    const { session, customerToken } = await startChat(a);
    const customer = await TestClient.open(a.url, customerToken, CUSTOMER_ORIGIN);
    cleanup.push(async () => customer.close());
    await customer.next('wait', (w) => w.repsAvailable === 0);
    const rep = await TestClient.open(b.url, await login(b.url), CONSOLE_ORIGIN);
    cleanup.push(async () => rep.close());
    await customer.next('wait', (w) => w.sessionId === session.id && w.repsAvailable === 1);
    rep.close();
    await customer.next('wait', (w) => w.repsAvailable === 0);
  });

  it('signing out on node A closes the same sign-in\'s socket on node B; disabling a rep on A closes all of theirs on B', async () => {
    const { a, b } = await twoNodes();
    await addRep(a.store, 'bea', 'bea-password-1', 'Bea');
    const token = await login(a.url);
    const onB = await TestClient.open(b.url, token, CONSOLE_ORIGIN);
    expect((await api(a.url, '/api/auth/logout', { method: 'POST', token })).status).toBe(204);
    expect((await onB.closed).code).toBe(4001);

    const adminToken = await login(a.url);
    const beaOnB = await TestClient.open(b.url, await login(b.url, 'bea', 'bea-password-1'), CONSOLE_ORIGIN);
    const beaId = (await a.store.repByUsername('bea'))!.id;
    expect((await api(a.url, `/api/admin/reps/${beaId}/disable`, { method: 'POST', token: adminToken })).status).toBeLessThan(300);
    expect((await beaOnB.closed).code).toBeGreaterThanOrEqual(4000);
  });

  it('what arrives malformed from Redis is dropped and the nodes go on serving', async () => {
    const { a, b, redis } = await twoNodes();
    const stranger = redisClient(redis.url, 'stranger');
    cleanup.push(() => stranger.quit());
    const rep = await TestClient.open(b.url, await login(b.url), CONSOLE_ORIGIN);
    cleanup.push(async () => rep.close());
    for (const channel of ['hub.deliver', 'hub.close', 'cluster.changed', 'session.changed', 'rep.signed-out'])
      for (const raw of ['{', '{"from":"x","message":null}', '{"from":"x","message":{"origin":"o","to":{"kind":"reps"},"message":{"type":"nope"}}}', JSON.stringify({ from: 'x', message: { origin: 'o', target: { kind: 'rep', repId: 'r' }, code: 1, reason: 'x'.repeat(10_000) } })])
        await stranger.publish(`rs:bus:${channel}`, raw);
    const { session } = await startChat(a);
    await rep.next('queue', (q) => q.entries.some((e) => e.sessionId === session.id));
  });

  it('a throttle spent on node A is refused on node B', async () => {
    const { a, b } = await twoNodes({ SESSION_CREATE_MAX_PER_ADDRESS: '2' });
    expect((await api(a.url, '/api/sessions', { body: { customerName: 'One' } })).status).toBe(201);
    expect((await api(a.url, '/api/sessions', { body: { customerName: 'Two' } })).status).toBe(201);
    expect((await api(b.url, '/api/sessions', { body: { customerName: 'Three' } })).status).toBe(429);
  });

  it('a customer still connected on node B keeps the session when their node A socket goes; the grace then ends it once', async () => {
    const { a, b } = await twoNodes();
    const rep = await TestClient.open(b.url, await login(b.url), CONSOLE_ORIGIN);
    cleanup.push(async () => rep.close());
    const { session, customerToken } = await startChat(a);
    const onA = await TestClient.open(a.url, customerToken, CUSTOMER_ORIGIN);
    const onB = await TestClient.open(b.url, customerToken, CUSTOMER_ORIGIN);
    expect((await rep.request({ type: 'session.accept', id: id(), sessionId: session.id })).type).toBe('reply');
    onA.close();
    await onA.closed;
    await graceOutlasted(a);
    expect((await a.store.session(session.id))?.state).toBe('active');

    onB.close();
    await rep.next('session', (s) => s.session.id === session.id && s.session.state === 'closed', 10_000);
    await graceOutlasted(b);
    const events = await a.store.events(session.id);
    expect(events.filter((e) => e.kind === 'closed')).toHaveLength(1);
    const left = (await a.store.messages(session.id)).filter((m) => m.text === 'The customer has left the conversation.');
    expect(left).toHaveLength(1);
    expect(rep.received.filter((m) => m.type === 'session' && m.session.id === session.id && m.session.state === 'closed')).toHaveLength(0);
  });

  it('a node killed with SIGKILL loses its presence within the TTL: its rep is offline, its customer gets the grace and the session ends', async () => {
    const { a, db, redis } = await twoNodes({ PRESENCE_TTL_MS: '1000' });
    await addRep(a.store, 'bea', 'bea-password-1', 'Bea');
    const killed = await nodeProcess({ DATABASE_URL: db, REDIS_URL: redis.url, PRESENCE_TTL_MS: '1000', CLUSTER_SWEEP_MS: '50', CUSTOMER_GRACE_MS: '1500' });
    const adminToken = await login(a.url);
    const rep = await TestClient.open(a.url, adminToken, CONSOLE_ORIGIN);
    cleanup.push(async () => rep.close());
    const bea = await TestClient.open(killed.url, await login(killed.url, 'bea', 'bea-password-1'), CONSOLE_ORIGIN);
    const { session, customerToken } = await startChat(a);
    await TestClient.open(killed.url, customerToken, CUSTOMER_ORIGIN);
    expect((await rep.request({ type: 'session.accept', id: id(), sessionId: session.id })).type).toBe('reply');
    const beaOnline = async () =>
      (await api<{ reps: { displayName: string; online: boolean }[] }>(a.url, '/api/directory', { token: adminToken })).body.reps.find((r) => r.displayName === 'Bea')?.online;
    await eventually(async () => (await beaOnline()) === true);
    await eventually(async () => (await a.store.session(session.id))?.state === 'active');
    expect(await a.store.absences.deadline(session.id)).toBeNull();

    await killed.kill();
    await bea.closed;
    await eventually(async () => (await beaOnline()) === false, 20_000);
    await rep.next('session', (s) => s.session.id === session.id && s.session.state === 'closed', 20_000);
    expect((await a.store.session(session.id))?.endReason).toBe('customer_left');
  });

  it('after every node stopped, a node started again gives an open session its grace, and it ends when nobody comes back', async () => {
    const { a, b, another } = await twoNodes();
    const rep = await TestClient.open(b.url, await login(b.url), CONSOLE_ORIGIN);
    const { session, customerToken } = await startChat(a);
    const customer = await TestClient.open(a.url, customerToken, CUSTOMER_ORIGIN);
    expect((await rep.request({ type: 'session.accept', id: id(), sessionId: session.id })).type).toBe('reply');
    await eventually(async () => (await a.store.absences.deadline(session.id)) === null);
    await Promise.all([a.close(), b.close()]);
    await customer.closed;
    const c = await another();
    expect(await c.store.absences.deadline(session.id)).not.toBeNull();
    await eventually(async () => (await c.store.session(session.id))?.state === 'closed', 20_000);
    expect((await c.store.session(session.id))?.endReason).toBe('customer_left');
  });
});
