import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS, PROTOCOL_VERSION, type CreateSessionResponse, type PublicSiteResponse, type Site } from '@rs/protocol';
import { addRep, api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient } from '../testing.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];
const open = async (token: string, origin: string) => {
  const c = await TestClient.open(srv.url, token, origin);
  clients.push(c);
  return c;
};

beforeEach(async () => {
  srv = await startTestServer({ CUSTOMER_GRACE_MS: '5000' });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await srv.close();
});

async function defaultSite(token: string): Promise<Site> {
  const { body } = await api<{ sites: Site[] }>(srv.url, '/api/admin/sites', { token });
  return body.sites.find((s) => s.path === '/')!;
}

describe('click-to-chat', () => {
  it('creates the default site on first start; admins edit it, representatives get 403', async () => {
    const admin = await login(srv.url);
    await addRep(srv.store, 'rep', 'rep-password', 'Rita Rep');
    const rep = await login(srv.url, 'rep', 'rep-password');
    const site = await defaultSite(admin);
    expect(site).toMatchObject({ name: 'Support', path: '/', settings: DEFAULT_SITE_SETTINGS });
    expect((await api(srv.url, '/api/admin/sites', { token: rep })).status).toBe(403);
    expect((await api(srv.url, '/api/admin/sites')).status).toBe(401);
    const put = await api<Site>(srv.url, `/api/admin/sites/${site.id}`, { method: 'PUT', token: rep, body: { ...site, id: undefined } });
    expect(put.status).toBe(403);
    const created = await api<Site>(srv.url, '/api/admin/sites', { token: admin, body: { name: 'Billing', path: '/billing', settings: { ...DEFAULT_SITE_SETTINGS, chatEnabled: false } } });
    expect(created.status).toBe(201);
    const clash = await api(srv.url, '/api/admin/sites', { token: admin, body: { name: 'Again', path: '/billing', settings: DEFAULT_SITE_SETTINGS } });
    expect(clash.status).toBe(409);
    const script = await api(srv.url, `/api/admin/sites/${site.id}`, { method: 'PUT', token: admin, body: { name: 'S', path: '/', settings: { ...site.settings, noRepUrl: 'javascript:alert(1)' } } });
    expect(script.status).toBe(400);
    const badPath = await api(srv.url, '/api/admin/sites', { token: admin, body: { name: 'Bad', path: '/../etc', settings: DEFAULT_SITE_SETTINGS } });
    expect(badPath.status).toBe(400);
    const moveDefault = await api(srv.url, `/api/admin/sites/${site.id}`, { method: 'PUT', token: admin, body: { name: 'S', path: '/elsewhere', settings: site.settings } });
    expect(moveDefault.status).toBe(409);
    const pub = await api<PublicSiteResponse>(srv.url, '/api/public/site?path=/billing');
    expect(pub.body.site.settings.chatEnabled).toBe(false);
    const refused = await api<{ error: { code: string } }>(srv.url, '/api/sessions', { body: { customerName: 'Ada', sitePath: '/billing' } });
    expect([refused.status, refused.body.error.code]).toEqual([403, 'forbidden']);
  });

  it('requires the agreement and the recording choice when the site asks, and shows the choice in the queue', async () => {
    const admin = await login(srv.url);
    const site = await defaultSite(admin);
    const settings = { ...site.settings, agreementText: 'Be nice.', recordingPrompt: true };
    expect((await api(srv.url, `/api/admin/sites/${site.id}`, { method: 'PUT', token: admin, body: { name: site.name, path: '/', settings } })).status).toBe(200);
    const declined = await api(srv.url, '/api/sessions', { body: { customerName: 'Ada', recordingAllowed: true } });
    expect(declined.status).toBe(409);
    const noChoice = await api(srv.url, '/api/sessions', { body: { customerName: 'Ada', agreementAccepted: true } });
    expect(noChoice.status).toBe(409);
    const repClient = await open(admin, CONSOLE_ORIGIN);
    await repClient.next('queue');
    const ok = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Ada', agreementAccepted: true, recordingAllowed: false } });
    expect(ok.body.session.recordingAllowed).toBe(false);
    const queue = await repClient.next('queue', (q) => q.entries.length === 1);
    expect(queue.entries[0]).toMatchObject({ customerName: 'Ada', siteName: 'Support', recordingAllowed: false });
  });

  it('pushes position and estimate to waiting customers, and updates them when one is accepted', async () => {
    const admin = await login(srv.url);
    const repClient = await open(admin, CONSOLE_ORIGIN);
    const a = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'A' } })).body;
    const b = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'B' } })).body;
    const ca = await open(a.customerToken, CUSTOMER_ORIGIN);
    const cb = await open(b.customerToken, CUSTOMER_ORIGIN);
    expect(await ca.next('wait')).toMatchObject({ position: 1, estimateSeconds: 0, repsAvailable: 1 });
    const before = await cb.next('wait', (w) => w.position === 2);
    expect(before.estimateSeconds).toBe(600);
    await repClient.request({ type: 'session.accept', id: 'x', sessionId: a.session.id });
    const after = await cb.next('wait', (w) => w.position === 1);
    expect(after.estimateSeconds).toBe(300);
  });

  it('sends a wait notice only to customers whose position or estimate changed (joins at the back change nobody else)', async () => {
    const admin = await login(srv.url);
    await open(admin, CONSOLE_ORIGIN);
    const joined: { token: string; client: TestClient; waits: { position: number; estimateSeconds: number | null }[] }[] = [];
    for (let i = 0; i < 6; i++) {
      const s = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: `C${i}` } })).body;
      const client = await TestClient.open(srv.url, s.customerToken, CUSTOMER_ORIGIN, false);
      clients.push(client);
      const waits: { position: number; estimateSeconds: number | null }[] = [];
      client.ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { type: string; position: number; estimateSeconds: number | null };
        if (m.type === 'wait') waits.push({ position: m.position, estimateSeconds: m.estimateSeconds });
      });
      client.send({ type: 'hello', v: PROTOCOL_VERSION });
      joined.push({ token: s.customerToken, client, waits });
      await client.next('wait', (w) => w.position === i + 1);
    }
    // A round trip on each socket: whatever the server wrote before it (the notices of every join) has arrived.
    for (const { client } of joined) {
      client.send({ type: 'hello', v: PROTOCOL_VERSION });
      await client.next('error', (e) => e.id === null);
    }
    expect(joined.map((j) => j.waits)).toEqual(joined.map((_, i) => [{ position: i + 1, estimateSeconds: i === 0 ? 0 : (i + 1) * 300 }]));
    // A second connection of a waiting customer (a reloaded page) still gets its place, though nothing changed.
    const again = await open(joined[2]!.token, CUSTOMER_ORIGIN);
    expect(await again.next('wait')).toMatchObject({ position: 3 });
  });

  it('tells every customer its place when many join at once (a connection opening during a recompute is not skipped)', async () => {
    const admin = await login(srv.url);
    await open(admin, CONSOLE_ORIGIN);
    const joined = await Promise.all(
      Array.from({ length: 15 }, async (_, i) => {
        const s = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: `Many ${i}` } })).body;
        return { id: s.session.id, client: await open(s.customerToken, CUSTOMER_ORIGIN) };
      }),
    );
    const places = await Promise.all(joined.map((j) => j.client.next('wait', () => true, 20_000)));
    expect(places.map((w) => w.sessionId)).toEqual(joined.map((j) => j.id));
  });

  it('says nobody is available when no representative is signed in', async () => {
    const a = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'A' } })).body;
    const ca = await open(a.customerToken, CUSTOMER_ORIGIN);
    expect(await ca.next('wait')).toMatchObject({ position: 1, estimateSeconds: null, repsAvailable: 0 });
  });

  it('sends notices and nudges, stores the survey once, and refuses it after leaving through a notice', async () => {
    const admin = await login(srv.url);
    const notice = (await api<{ id: string }>(srv.url, '/api/admin/notices', { token: admin, body: { title: 'Outage', text: 'Email is down.', active: true } })).body;
    const repClient = await open(admin, CONSOLE_ORIGIN);
    const start = async (name: string) => {
      const s = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: name } })).body;
      const c = await open(s.customerToken, CUSTOMER_ORIGIN);
      await repClient.request({ type: 'session.accept', id: `a-${name}`, sessionId: s.session.id });
      return { s, c };
    };
    const one = await start('One');
    expect(await repClient.request({ type: 'chat.nudge', id: 'n', sessionId: one.s.session.id })).toMatchObject({ type: 'reply' });
    await one.c.next('nudge');
    await one.c.next('chat', (m) => m.message.text === 'Administrator sent a nudge.');
    await repClient.request({ type: 'session.end', id: 'e', sessionId: one.s.session.id, mode: 'close' });
    const path = `/api/sessions/${one.s.session.id}/survey`;
    expect((await api(srv.url, path, { token: one.s.customerToken, body: { answers: { rating: 'five' } } })).status).toBe(400);
    expect((await api(srv.url, path, { token: one.s.customerToken, body: { answers: { rating: 5, comment: 'Great' } } })).status).toBe(204);
    expect((await api(srv.url, path, { token: one.s.customerToken, body: { answers: { rating: 1 } } })).status).toBe(409);
    expect((await api<{ answers: unknown }>(srv.url, path, { token: admin })).body.answers).toEqual({ rating: 5, comment: 'Great' });

    const two = await start('Two');
    await repClient.request({ type: 'notice.send', id: 'ns', sessionId: two.s.session.id, noticeId: notice.id });
    expect((await two.c.next('notice')).notice.title).toBe('Outage');
    expect(await two.c.request({ type: 'notice.leave', id: 'l', sessionId: two.s.session.id })).toMatchObject({ session: { state: 'closed', endReason: 'customer_left' } });
    expect((await api(srv.url, `/api/sessions/${two.s.session.id}/survey`, { token: two.s.customerToken, body: { answers: { rating: 5 } } })).status).toBe(409);
  });

  it('stores a representative avatar and serves it publicly', async () => {
    const admin = await login(srv.url);
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const put = await fetch(`${srv.url}/api/me/avatar`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'image/png' }, body: png });
    expect(put.status).toBe(204);
    const me = (await api<{ rep: { id: string } }>(srv.url, '/api/me', { token: admin })).body.rep;
    const got = await fetch(`${srv.url}/api/reps/${me.id}/avatar`);
    expect([got.status, got.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await got.arrayBuffer()).equals(png)).toBe(true);
    const text = await fetch(`${srv.url}/api/me/avatar`, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/html' }, body: '<b>' });
    expect(text.status).toBe(400);
  });
});
