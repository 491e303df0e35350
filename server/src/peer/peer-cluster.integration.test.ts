import { describe, expect, it } from 'vitest';
import { PEERJS_PRESENCE_CHANNEL } from '@rs/protocol';
import { startServer } from '../app.ts';
import { ensureAdmin } from '../auth/admin.ts';
import { LocalBus, type Bus } from '../cluster/bus.ts';
import { RedisBus } from '../cluster/redis-bus.ts';
import { startRedis } from '../cluster/redis-testing.ts';
import { loadConfig } from '../config.ts';
import { PgStore } from '../store/pg.ts';
import { pgSuite } from '../store/pg-suite.ts';
import { addRep, ADMIN_PASSWORD, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, TestClient } from '../testing.ts';
import { acceptedSession, bothPeers, credentials, openPeer, signal } from './peer-testing.ts';
import { captureLogs } from '../observability/log.ts';

/**
 * Two server nodes in this process, as two processes behind a load balancer would be: one PostgreSQL
 * database, one bus between them (in process here; Redis pub/sub in production), each its own PeerJS server.
 */
/**
 * Each row: how a node gets its bus (in process: one shared instance; with Redis each node would open its own
 * connection to one redis-server, e.g. `() => new RedisBus(redis.url)`).
 */
/** How the two nodes of a row get their bus: one shared in-process instance, or each its own RedisBus (closed after the test). */
type Buses = { bus: () => Bus; env: Record<string, string>; owned: boolean };
const BUSES: [string, (later: (close: () => unknown) => void) => Promise<Buses>][] = [
  ['in process', async () => {
    const shared = new LocalBus();
    return { bus: () => shared, env: {}, owned: false };
  }],
  ['in process, delivered a turn later', async () => {
    const shared = new DeferredBus();
    return { bus: () => shared, env: {}, owned: false };
  }],
  ['Redis pub/sub', async (later) => {
    const redis = await startRedis();
    later(() => redis.stop());
    return { bus: () => new RedisBus(redis.url), env: { REDIS_URL: redis.url }, owned: true };
  }],
];

/** Delivers as Redis pub/sub does: later than the publish returns control, in publish order, to every node. */
class DeferredBus extends LocalBus {
  #chain = Promise.resolve();

  override publish(channel: string, message: unknown): Promise<void> {
    const published = this.#chain.then(() => new Promise<void>((r) => setImmediate(r))).then(() => super.publish(channel, message));
    this.#chain = published.catch(() => {});
    return published;
  }
}

describe.each(BUSES)('PeerJS signalling across two nodes sharing one bus (%s) and one PostgreSQL database', { timeout: 30_000 }, (_name, busFactory) => {
  const { cluster, later } = pgSuite();
  async function twoNodes() {
    const url = await cluster().freshDatabase();
    const buses = await busFactory(later);
    const node = async () => {
      const bus = buses.bus();
      if (buses.owned) later(() => bus.close());
      const store = await PgStore.open(url);
      await ensureAdmin(store, 'admin', ADMIN_PASSWORD);
      const srv = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', CUSTOMER_GRACE_MS: '60000', ...buses.env }), store, { bus });
      later(() => srv.close());
      return Object.assign(srv, { store, bus });
    };
    return [await node(), await node()] as const;
  }

  it('relays OFFER, ANSWER and CANDIDATE both ways between a customer on A and a representative on B', async () => {
    const [a, b] = await twoNodes();
    const repToken = await login(b.url);
    const { customer, rep, customerCreds, repCreds } = await bothPeers(a.url, repToken, 'Pat', b.url);
    customer.ws.send(signal('OFFER', repCreds.peerId, 'offer'));
    expect(await rep.frame((f) => f.type === 'OFFER')).toMatchObject({ src: customerCreds.peerId, dst: repCreds.peerId, payload: { connectionId: 'offer' } });
    rep.ws.send(signal('ANSWER', customerCreds.peerId, 'answer'));
    expect(await customer.frame((f) => f.type === 'ANSWER')).toMatchObject({ src: repCreds.peerId, payload: { connectionId: 'answer' } });
    customer.ws.send(signal('CANDIDATE', repCreds.peerId, 'c1'));
    rep.ws.send(signal('CANDIDATE', customerCreds.peerId, 'c2'));
    expect(await rep.frame((f) => f.type === 'CANDIDATE')).toMatchObject({ src: customerCreds.peerId, payload: { connectionId: 'c1' } });
    expect(await customer.frame((f) => f.type === 'CANDIDATE')).toMatchObject({ src: repCreds.peerId, payload: { connectionId: 'c2' } });
  });

  it('drops malformed messages from the bus and keeps relaying', async () => {
    const [a, b] = await twoNodes();
    const repToken = await login(b.url);
    const { customer, rep, repCreds } = await bothPeers(a.url, repToken, 'Pat', b.url);
    const logs = captureLogs();
    try {
      for (const junk of [null, 'x', { peerId: 1 }, { peerId: 'p', nodeId: '', online: true }]) await a.bus.publish(PEERJS_PRESENCE_CHANNEL, junk);
      await a.bus.publish(PEERJS_PRESENCE_CHANNEL, { peerId: repCreds.peerId, nodeId: 'no-such-node', online: false });
      customer.ws.send(signal('OFFER', repCreds.peerId, 'after-junk'));
      expect(await rep.frame((f) => f.type === 'OFFER')).toMatchObject({ payload: { connectionId: 'after-junk' } });
      expect(logs.lines.some((l) => String(l.msg).includes('malformed PeerJS presence'))).toBe(true);
    } finally {
      logs.restore();
    }
  });

  it('holds an OFFER for a representative who connects on the other node a moment later', async () => {
    const [a, b] = await twoNodes();
    const repToken = await login(b.url);
    const { sessionId, customerToken } = await acceptedSession(a.url, repToken, 'Pat', b.url);
    const repCreds = await credentials(b.url, sessionId, repToken);
    const customer = await openPeer(a.url, await credentials(a.url, sessionId, customerToken), CUSTOMER_ORIGIN);
    customer.ws.send(signal('OFFER', repCreds.peerId, 'early'));
    const rep = await openPeer(b.url, repCreds, CONSOLE_ORIGIN);
    expect(await rep.frame((f) => f.type === 'OFFER')).toMatchObject({ payload: { connectionId: 'early' } });
  });

  it('answers EXPIRE for a peer that never connects anywhere', async () => {
    const [a, b] = await twoNodes();
    const repToken = await login(b.url);
    const { sessionId, customerToken } = await acceptedSession(a.url, repToken, 'Pat', b.url);
    const repCreds = await credentials(b.url, sessionId, repToken);
    const customer = await openPeer(a.url, await credentials(a.url, sessionId, customerToken), CUSTOMER_ORIGIN);
    customer.ws.send(signal('OFFER', repCreds.peerId, 'lost'));
    expect(await customer.frame((f) => f.type === 'EXPIRE')).toMatchObject({ src: repCreds.peerId });
  });

  it('closes the representative on B when the session is held through A', async () => {
    const [a, b] = await twoNodes();
    const repToken = await login(b.url);
    const { sessionId, rep, customer } = await bothPeers(a.url, repToken, 'Pat', b.url);
    const console_ = await TestClient.open(a.url, repToken, CONSOLE_ORIGIN);
    expect((await console_.request({ type: 'session.end', id: 'h', sessionId, mode: 'hold' })).type).toBe('reply');
    console_.close();
    expect(await rep.closed).toEqual({ code: 4003, reason: 'the session was handed over' });
    expect(customer.ws.readyState).toBe(customer.ws.OPEN);
  });

  it('after a takeover through A, the customer on A reaches the new representative on B, not the old one', async () => {
    const [a, b] = await twoNodes();
    await addRep(a.store, 'rose', 'rose password 1234', 'Rose');
    const firstToken = await login(b.url);
    const { sessionId, customerToken, rep: first, repCreds: firstCreds, customer } = await bothPeers(a.url, firstToken, 'Pat', b.url);
    const console_ = await TestClient.open(a.url, firstToken, CONSOLE_ORIGIN);
    expect((await console_.request({ type: 'session.end', id: 'h', sessionId, mode: 'hold' })).type).toBe('reply');
    console_.close();
    const secondToken = await login(a.url, 'rose', 'rose password 1234');
    const rose = await TestClient.open(a.url, secondToken, CONSOLE_ORIGIN);
    expect((await rose.request({ type: 'session.accept', id: 'a', sessionId })).type).toBe('reply');
    rose.close();
    const secondCreds = await credentials(b.url, sessionId, secondToken);
    expect(secondCreds.peerId).not.toBe(firstCreds.peerId);
    expect((await credentials(a.url, sessionId, customerToken)).remotePeerId).toBe(secondCreds.peerId);
    const second = await openPeer(b.url, secondCreds, CONSOLE_ORIGIN);
    customer.ws.send(signal('OFFER', firstCreds.peerId, 'stale'));
    customer.ws.send(signal('OFFER', secondCreds.peerId, 'share'));
    expect(await second.frame((f) => f.type === 'OFFER')).toMatchObject({ payload: { connectionId: 'share' } });
    expect(second.frames.filter((f) => f.type === 'OFFER')).toHaveLength(1);
    expect(await first.closed).toEqual({ code: 4003, reason: 'the session was handed over' });
  });
});
