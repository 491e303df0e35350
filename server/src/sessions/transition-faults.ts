import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { CreateSessionResponse, ServerMessage } from '@rs/protocol';
import { addRep, api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient, type TestServer } from '../testing.ts';
import { FaultyStore } from '../store/faults.ts';
import type { Store } from '../store/store.ts';
import { randomId } from '../auth/secrets.ts';

/** Notices a transition sends; anything else a socket gets meanwhile (none expected) is not a leak of it. */
const NOTICES = new Set<ServerMessage['type']>(['session', 'chat', 'queue', 'permissions', 'share', 'file']);

/** Generous budgets: each test repeats its transition once per write it makes. */
const ENV = { CUSTOMER_GRACE_MS: '600000', LIVE_REQUESTS_PER_MINUTE: '100000', SESSION_CREATE_MAX_PER_ADDRESS: '100000', CHAT_PER_MINUTE: '100000' };

interface Rig {
  srv: TestServer;
  faults: FaultyStore;
  /** The real store under the faulty one, to read what is visible. */
  store: Store;
  client(token: string, origin: string): Promise<TestClient>;
}

/** What anyone reading the store sees of a session: state, rep, audit events, transcript, permissions, route, file transfers. */
async function visible(store: Store, sessionId: string) {
  return {
    session: await store.session(sessionId),
    events: (await store.events(sessionId)).map((e) => e.kind),
    lines: (await store.messages(sessionId)).map((m) => m.text),
    permissions: (await store.permissions(sessionId)).map(({ kind, state }) => ({ kind, state })),
    route: await store.workflow.route(sessionId),
    transfers: (await store.files.transfersOfSession(sessionId)).map(({ id, state, by, error }) => ({ id, state, by, error })),
    journal: await historyOf(store, sessionId),
  };
}

/** The session's history as it leaves the product: its incident's journal entries and its webhook deliveries. */
async function historyOf(store: Store, sessionId: string) {
  const incident = (await store.workflow.route(sessionId))?.incident;
  const journal = incident ? (await store.workflow.journal(incident)).filter((e) => e.sessionId === sessionId).map((e) => e.kind) : [];
  const deliveries = [];
  for (const integration of await store.workflow.integrations()) deliveries.push(...(await store.workflow.deliveries(integration.id, 1000)).filter((d) => d.sessionId === sessionId).map((d) => d.integrationId));
  return { journal, deliveries };
}

/** Waits until the socket has answered a request sent now, then returns the notices it got before: none may come from a failed transition. */
async function noticesSince(client: TestClient, probe: Record<string, unknown>): Promise<ServerMessage[]> {
  const answer = await client.request({ id: `probe-${randomId(6)}`, ...probe } as { type: string; id: string });
  expect(answer.type).toBe('error');
  return client.received.splice(0).filter((m) => NOTICES.has(m.type));
}

const repProbe = () => ({ type: 'session.accept', sessionId: randomId() });
const customerProbe = () => ({ type: 'session.leave', sessionId: randomId() });

/**
 * Runs `attempt` with the Nth store write failing, for N = 1, 2, ... until it
 * succeeds: each failed try must leave what is visible exactly as before and
 * send the watching sockets nothing; then the same transition, retried,
 * succeeds. Returns how many writes the transition made.
 */
async function everyGap(rig: Rig, sessionId: string | null, watchers: [TestClient, Record<string, unknown>][], attempt: () => Promise<boolean>): Promise<number> {
  const before = sessionId ? await visible(rig.store, sessionId) : null;
  const sessionsBefore = await rig.store.recentSessions(1000);
  for (const [client] of watchers) client.received.splice(0);
  for (let n = 1; n < 60; n++) {
    rig.faults.arm({ at: n });
    const ok = await attempt();
    const fired = rig.faults.fired;
    rig.faults.disarm();
    if (!fired) {
      expect(ok, `the transition succeeds once no write fails (after ${n - 1} injected failures)`).toBe(true);
      return n - 1;
    }
    expect(ok, `a failure at write ${n} (${fired}) fails the transition`).toBe(false);
    if (sessionId) expect(await visible(rig.store, sessionId), `nothing half-done after a failure at write ${n} (${fired})`).toEqual(before);
    expect((await rig.store.recentSessions(1000)).map((s) => s.id).sort(), `no new session after a failure at write ${n} (${fired})`).toEqual(sessionsBefore.map((s) => s.id).sort());
    for (const [client, probe] of watchers) expect(await noticesSince(client, probe), `no notice after a failure at write ${n} (${fired})`).toEqual([]);
  }
  throw new Error('the transition never succeeded');
}

const ok = (answer: { type: string }) => answer.type === 'reply';
const tid = () => randomBytes(16).toString('hex');

/**
 * Failure injection, on whichever store `open` gives: every session transition
 * broken between any two of its writes leaves nothing half-done and tells
 * nobody, and succeeds when retried.
 */
export function transitionFaultSuite(open: () => Promise<{ store: Store; later: (close: () => unknown) => void }>): void {
  async function rig(): Promise<Rig> {
    const { store, later } = await open();
    // Posting a delivery (after the close committed) claims and updates it: not writes of any transition.
    const faults = new FaultyStore(store, { background: ['workflow.claimDelivery', 'workflow.updateDelivery'] });
    const srv = await startTestServer(ENV, faults.store);
    later(() => srv.close());
    return {
      srv,
      faults,
      store,
      client: async (token, origin) => {
        const c = await TestClient.open(srv.url, token, origin);
        later(() => c.close());
        return c;
      },
    };
  }
  const startChat = async (r: Rig) => (await api<CreateSessionResponse>(r.srv.url, '/api/sessions', { body: { customerName: 'Ada' } })).body;
  /** A session served by the admin, with the customer connected. */
  async function active(r: Rig) {
    const adminToken = await login(r.srv.url);
    const rep = await r.client(adminToken, CONSOLE_ORIGIN);
    const { session, customerToken } = await startChat(r);
    const customer = await r.client(customerToken, CUSTOMER_ORIGIN);
    expect(ok(await rep.request({ type: 'session.accept', id: 'a0', sessionId: session.id }))).toBe(true);
    await customer.next('session', (m) => m.session.state === 'active');
    return { sessionId: session.id, rep, customer, adminToken };
  }
  let seq = 0;
  const id = () => `r${++seq}`;

  it('create: no session, no queue notice, until it is whole', async () => {
    const r = await rig();
    const rep = await r.client(await login(r.srv.url), CONSOLE_ORIGIN);
    await rep.next('queue');
    const writes = await everyGap(r, null, [[rep, repProbe()]], async () => (await api(r.srv.url, '/api/sessions', { body: { customerName: 'Ada' } })).status === 201);
    expect(writes).toBeGreaterThanOrEqual(2);
    await rep.next('queue', (q) => q.entries.length === 1);
  });

  it('create from a session key: the key stays unused, no session, no route', async () => {
    const r = await rig();
    const adminToken = await login(r.srv.url);
    const rep = await r.client(adminToken, CONSOLE_ORIGIN);
    await rep.next('queue');
    const key = (await api<{ key: string; id: string }>(r.srv.url, '/api/session-keys', { token: adminToken, body: { incident: 'INC-7' } })).body;
    const writes = await everyGap(r, null, [[rep, repProbe()]], async () => {
      expect((await r.store.workflow.keyById(key.id))?.usedAt).toBeNull();
      return (await api(r.srv.url, '/api/session-keys/redeem', { body: { key: key.key, customerName: 'Ada' } })).status === 201;
    });
    expect(writes).toBeGreaterThanOrEqual(4);
    const entry = (await rep.next('queue', (q) => q.entries.length === 1)).entries[0]!;
    expect((await r.store.workflow.keyById(key.id))?.sessionId).toBe(entry.sessionId);
    expect((await r.store.workflow.route(entry.sessionId))?.incident).toBe('INC-7');
  });

  it('accept: the session stays queued with no rep, no event, no line, no notice', async () => {
    const r = await rig();
    const rep = await r.client(await login(r.srv.url), CONSOLE_ORIGIN);
    const { session, customerToken } = await startChat(r);
    const customer = await r.client(customerToken, CUSTOMER_ORIGIN);
    await rep.next('queue', (q) => q.entries.length === 1);
    const writes = await everyGap(r, session.id, [[rep, repProbe()], [customer, customerProbe()]], async () =>
      ok(await rep.request({ type: 'session.accept', id: id(), sessionId: session.id })),
    );
    expect(writes).toBeGreaterThanOrEqual(3);
    expect((await r.store.session(session.id))?.state).toBe('active');
    await customer.next('session', (m) => m.session.state === 'active');
  });

  it('takeover of a held session: it stays held, the new rep gets nothing', async () => {
    const r = await rig();
    const { sessionId, rep, customer } = await active(r);
    expect(ok(await rep.request({ type: 'session.end', id: id(), sessionId, mode: 'hold' }))).toBe(true);
    await customer.next('session', (m) => m.session.state === 'held');
    await addRep(r.store, 'bob', 'bob-password-1', 'Bob');
    const bob = await r.client(await login(r.srv.url, 'bob', 'bob-password-1'), CONSOLE_ORIGIN);
    await bob.next('queue', (q) => q.entries.some((e) => e.sessionId === sessionId));
    const writes = await everyGap(r, sessionId, [[bob, repProbe()], [rep, repProbe()], [customer, customerProbe()]], async () =>
      ok(await bob.request({ type: 'session.accept', id: id(), sessionId })),
    );
    expect(writes).toBeGreaterThanOrEqual(3);
    expect((await customer.next('session', (m) => m.session.state === 'active')).session.repName).toBe('Bob');
  });

  it('hold: the session stays active with its rep and route', async () => {
    const r = await rig();
    const { sessionId, rep, customer } = await active(r);
    const writes = await everyGap(r, sessionId, [[rep, repProbe()], [customer, customerProbe()]], async () =>
      ok(await rep.request({ type: 'session.end', id: id(), sessionId, mode: 'hold' })),
    );
    expect(writes).toBeGreaterThanOrEqual(4);
    await customer.next('session', (m) => m.session.state === 'held');
  });

  it('transfer to a representative, and to a team', async () => {
    const r = await rig();
    const { sessionId, rep, customer, adminToken } = await active(r);
    await addRep(r.store, 'bob', 'bob-password-1', 'Bob');
    const bob = await r.client(await login(r.srv.url, 'bob', 'bob-password-1'), CONSOLE_ORIGIN);
    const bobId = (await r.store.repByUsername('bob'))!.id;
    const toBob = await everyGap(r, sessionId, [[bob, repProbe()], [rep, repProbe()], [customer, customerProbe()]], async () =>
      ok(await rep.request({ type: 'session.transfer', id: id(), sessionId, to: { kind: 'rep', repId: bobId } })),
    );
    expect(toBob).toBeGreaterThanOrEqual(3);
    await bob.next('session', (m) => m.session.repName === 'Bob');
    const dir = await api<{ teams: { id: string; name: string }[] }>(r.srv.url, '/api/directory', { token: adminToken });
    const general = dir.body.teams.find((t) => t.name === 'General')!;
    const toTeam = await everyGap(r, sessionId, [[bob, repProbe()], [customer, customerProbe()]], async () =>
      ok(await bob.request({ type: 'session.transfer', id: id(), sessionId, to: { kind: 'team', teamId: general.id } })),
    );
    expect(toTeam).toBeGreaterThanOrEqual(4);
    await customer.next('session', (m) => m.session.state === 'queued');
  });

  it('close by the representative: permissions, file transfers, the closing line, the journal entry and the webhook deliveries go with it or not at all', async () => {
    const r = await rig();
    const { sessionId, rep, customer } = await active(r);
    // An incident and an integration, so the close writes the session's history (journal, a delivery) too.
    const route = await r.store.workflow.route(sessionId);
    await r.store.workflow.setRoute({ sessionId, incident: 'INC-7', teamId: route?.teamId ?? null, personalRepId: null });
    await r.store.workflow.createIntegration({ id: randomId(), name: 'ITSM', webhookUrl: 'http://127.0.0.1:9/hook', secret: 's', createdAt: 1 });
    // A granted permission and an open transfer, for the close listeners to take back.
    expect(ok(await customer.request({ type: 'file.offer', id: id(), sessionId, transferId: tid(), name: 'log.txt', size: 10, sha256: 'a'.repeat(64) }))).toBe(true);
    await rep.next('file');
    const writes = await everyGap(r, sessionId, [[rep, repProbe()], [customer, customerProbe()]], async () =>
      ok(await rep.request({ type: 'session.end', id: id(), sessionId, mode: 'close' })),
    );
    expect(writes).toBeGreaterThanOrEqual(5);
    expect((await customer.next('session', (m) => m.session.state === 'closed')).session.endReason).toBe('rep_closed');
    expect((await r.store.permissions(sessionId)).map((p) => p.state)).toEqual(['revoked']);
    expect(await historyOf(r.store, sessionId)).toEqual({ journal: ['remote_support_history'], deliveries: [expect.any(String)] });
  });

  it('a file offered by the customer (granting files) and accepted', async () => {
    const r = await rig();
    const { sessionId, rep, customer } = await active(r);
    const transferId = tid();
    const offered = await everyGap(r, sessionId, [[rep, repProbe()], [customer, customerProbe()]], async () =>
      ok(await customer.request({ type: 'file.offer', id: id(), sessionId, transferId, name: 'log.txt', size: 10, sha256: 'a'.repeat(64) })),
    );
    expect(offered).toBeGreaterThanOrEqual(4);
    await rep.next('file', (m) => m.transfer.state === 'offered');
    const transferId2 = tid();
    expect(ok(await rep.request({ type: 'file.offer', id: id(), sessionId, transferId: transferId2, name: 'fix.sh', size: 10, sha256: 'b'.repeat(64) }))).toBe(true);
    await customer.next('file', (m) => m.transfer.id === transferId2);
    const answered = await everyGap(r, sessionId, [[rep, repProbe()], [customer, customerProbe()]], async () =>
      ok(await customer.request({ type: 'file.answer', id: id(), sessionId, transferId: transferId2, accept: true })),
    );
    expect(answered).toBeGreaterThanOrEqual(2);
    await rep.next('file', (m) => m.transfer.id === transferId2 && m.transfer.state === 'accepted');
  });

  it('the customer leaving', async () => {
    const r = await rig();
    const { sessionId, rep, customer } = await active(r);
    const writes = await everyGap(r, sessionId, [[rep, repProbe()], [customer, customerProbe()]], async () =>
      ok(await customer.request({ type: 'session.leave', id: id(), sessionId })),
    );
    expect(writes).toBeGreaterThanOrEqual(3);
    expect((await rep.next('session', (m) => m.session.state === 'closed')).session.endReason).toBe('customer_left');
  });
}
