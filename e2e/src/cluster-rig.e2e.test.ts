import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { AUTH_SUBPROTOCOL_PREFIX, LIVE_SUBPROTOCOL, type CreateSessionResponse, type SessionListResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, TestClient } from '../../server/src/testing.ts';
import { startCluster, type Cluster } from './harness/cluster.ts';
import { ADMIN_PASSWORD } from './harness/server.ts';

/**
 * The rig itself (no browser): three server processes on one PostgreSQL and
 * one Redis behind a real HAProxy. Round robin without stickiness, one
 * database seen by every node, a killed node routed around at once (its
 * clients' next connection lands elsewhere through the same URL), a
 * restarted one taken back, and a drained one given no new connections.
 */
describe('the multi-node rig', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3 });
  }, 120_000);

  afterAll(async () => {
    await cluster?.close();
  });

  const servedBySet = async (url: string, n: number) => {
    const seen: string[] = [];
    for (let i = 0; i < n; i++) seen.push(await cluster.servedBy(url));
    return seen;
  };

  it('balances round robin over every node, and each preferring port reaches its node', async () => {
    expect(new Set(await servedBySet(cluster.url, 6))).toEqual(new Set(['a', 'b', 'c']));
    for (const node of cluster.nodes) expect(new Set(await servedBySet(node.preferUrl, 4))).toEqual(new Set([node.name]));
  });

  it('every node sees one database: a session started on node a is read by a representative on node c', async () => {
    const created = await api<CreateSessionResponse>(cluster.node('a').url, '/api/sessions', { body: { customerName: 'Rig' } });
    expect(created.status).toBe(201);
    const token = await login(cluster.node('c').url, 'admin', ADMIN_PASSWORD);
    const list = await api<SessionListResponse>(cluster.node('c').url, '/api/sessions', { token });
    expect(list.body.sessions.find((s) => s.id === created.body.session.id)).toMatchObject({ customerName: 'Rig' });
  });

  it('live sockets upgrade through the balancer; when their node is killed the same URL reconnects the same token elsewhere', async () => {
    const b = cluster.node('b');
    const { body } = await api<CreateSessionResponse>(b.preferUrl, '/api/sessions', { body: { customerName: 'Failover' } });
    // The socket's own local port tells HAProxy's stream table which node it went to.
    const ws = new WebSocket(`${b.preferUrl.replace('http', 'ws')}/api/ws`, [LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX + body.customerToken], { origin: CUSTOMER_ORIGIN });
    const localPort = new Promise<number>((resolve) => ws.once('upgrade', (res) => resolve(res.socket.localPort ?? 0)));
    const customer = new TestClient(ws);
    await new Promise((resolve) => ws.once('open', resolve));
    expect(await cluster.nodeOf(await localPort)).toBe('b');
    const repToken = await login(cluster.url, 'admin', ADMIN_PASSWORD);
    const rep = await TestClient.open(cluster.node('c').preferUrl, repToken, CONSOLE_ORIGIN);
    expect((await cluster.connections()).b).toBeGreaterThanOrEqual(1);

    const killedAt = performance.now();
    await cluster.kill(b);
    expect((await customer.closed).code).toBe(1006);
    // No wait for the health check: the refused connection is redispatched to another node.
    const again = await TestClient.open(b.preferUrl, body.customerToken, CUSTOMER_ORIGIN);
    const backMs = performance.now() - killedAt;
    const snapshot = await again.next('session');
    expect(snapshot.session.id).toBe(body.session.id);
    console.log(`rig: customer socket back through the balancer ${backMs.toFixed(0)} ms after SIGKILL of its node`);
    expect(await cluster.servedBy(b.preferUrl)).not.toBe('b');
    await cluster.waitForState(b, 'DOWN');
    again.close();
    rep.close();
  });

  it('a restarted node gets traffic again', async () => {
    const b = cluster.node('b');
    await cluster.restart(b);
    expect(b.alive()).toBe(true);
    expect(await cluster.servedBy(b.preferUrl)).toBe('b');
    expect(new Set(await servedBySet(cluster.url, 6))).toEqual(new Set(['a', 'b', 'c']));
  });

  it('a drained node gets no new connections (HAProxy runtime API), and ready takes it back', async () => {
    const c = cluster.node('c');
    await cluster.haproxy.command('set server nodes/c state drain');
    await cluster.waitForState(c, 'DRAIN');
    expect(new Set(await servedBySet(cluster.url, 6))).toEqual(new Set(['a', 'b']));
    // (Its preferring port still reaches it: HAProxy treats `use-server` as persistence, which drain honours.)
    await cluster.haproxy.command('set server nodes/c state ready');
    await cluster.waitForState(c, 'UP');
    expect(await cluster.servedBy(c.preferUrl)).toBe('c');
  });
});
