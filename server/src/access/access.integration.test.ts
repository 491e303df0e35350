import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateSessionResponse, Site, Team } from '@rs/protocol';
import { CONSOLE_ORIGIN, CUSTOMER_ORIGIN, TestClient, addRep, api, login, startTestServer } from '../testing.ts';
import { signedUrl } from '../itsm/signing.ts';
import { transcriptPath } from '../itsm/webhooks.ts';

/**
 * Least privilege: a representative reads only the sessions they took part in
 * or that one of their teams served; admins and API tokens with history:read
 * read all. A refusal is a 404, the same answer as for a session that does not
 * exist, so that it reveals nothing.
 */
const SECRET = 'access-test-url-secret';
let srv: Awaited<ReturnType<typeof startTestServer>>;
const tokens: Record<'admin' | 'alice' | 'bob' | 'carol' | 'dave', string> = { admin: '', alice: '', bob: '', carol: '', dave: '' };
/** Alice served it alone, with a recording. */
let mine = '';
let recordingId = '';
/** Alice transferred it to the Network team, where Dave served it; Carol is in that team too. */
let teamServed = '';

let surveyQuestion = '';

async function served(customerName: string, by: TestClient, then?: (sessionId: string) => Promise<void>): Promise<string> {
  const created = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName, recordingAllowed: true } });
  const sessionId = created.body.session.id;
  const customer = await TestClient.open(srv.url, created.body.customerToken, CUSTOMER_ORIGIN);
  expect(await by.request({ type: 'session.accept', id: 'a', sessionId })).toMatchObject({ type: 'reply' });
  await customer.request({ type: 'chat.send', id: 'c', sessionId, text: `secret of ${customerName}` });
  await then?.(sessionId);
  expect((await api(srv.url, `/api/sessions/${sessionId}/survey`, { token: created.body.customerToken, body: { answers: { [surveyQuestion]: 5 } } })).status).toBe(204);
  customer.close();
  return sessionId;
}

beforeAll(async () => {
  srv = await startTestServer({ CUSTOMER_GRACE_MS: '60000', URL_SIGNING_SECRET: SECRET });
  tokens.admin = await login(srv.url);
  for (const name of ['alice', 'bob', 'carol', 'dave'] as const) await addRep(srv.store, name, `${name} password`, name[0]!.toUpperCase() + name.slice(1));
  for (const name of ['alice', 'bob', 'carol', 'dave'] as const) tokens[name] = await login(srv.url, name, `${name} password`);
  const sites = await api<{ sites: Site[] }>(srv.url, '/api/admin/sites', { token: tokens.admin });
  const site = sites.body.sites.find((s) => s.path === '/')!;
  surveyQuestion = site.settings.surveyQuestions[0]!.id;
  await api(srv.url, `/api/admin/sites/${site.id}`, { method: 'PUT', token: tokens.admin, body: { name: site.name, path: site.path, settings: { ...site.settings, recordingPrompt: true } } });
  const team = await api<Team>(srv.url, '/api/teams', { token: tokens.admin, body: { name: 'Network' } });
  for (const name of ['carol', 'dave']) {
    const id = (await srv.store.repByUsername(name))!.id;
    expect((await api(srv.url, `/api/teams/${team.body.id}/members`, { token: tokens.admin, body: { repId: id } })).status).toBe(204);
  }

  const alice = await TestClient.open(srv.url, tokens.alice, CONSOLE_ORIGIN);
  const dave = await TestClient.open(srv.url, tokens.dave, CONSOLE_ORIGIN);
  mine = await served('Hedy', alice, async (sessionId) => {
    const rec = await api<{ recording: { id: string } }>(srv.url, `/api/sessions/${sessionId}/recordings`, { token: tokens.alice, body: { mimeType: 'video/webm' } });
    recordingId = rec.body.recording.id;
    const put = await fetch(`${srv.url}/api/recordings/${recordingId}/chunks/0`, { method: 'PUT', headers: { authorization: `Bearer ${tokens.alice}` }, body: new Uint8Array([0x1a, 0x45, 0xdf, 0xa3]) });
    expect(put.status).toBe(200);
    // Only a finished recording with every part is played.
    expect((await api(srv.url, `/api/recordings/${recordingId}/finish`, { token: tokens.alice, body: { chunks: 1 } })).status).toBe(200);
    await alice.request({ type: 'session.end', id: 'e', sessionId, mode: 'close' });
  });
  teamServed = await served('Linus', alice, async (sessionId) => {
    expect(await alice.request({ type: 'session.transfer', id: 't', sessionId, to: { kind: 'team', teamId: team.body.id } })).toMatchObject({ type: 'reply' });
    await dave.next('queue', (q) => q.entries.some((e) => e.sessionId === sessionId));
    expect(await dave.request({ type: 'session.accept', id: 'd', sessionId })).toMatchObject({ type: 'reply' });
    await dave.request({ type: 'session.end', id: 'e', sessionId, mode: 'close' });
  });
  alice.close();
  dave.close();
}, 60_000);

afterAll(async () => {
  await srv?.close();
});

const status = async (path: string, token: string) => (await fetch(srv.url + path, { headers: { authorization: `Bearer ${token}` } })).status;
const reads = (sessionId: string) => [
  `/api/sessions/${sessionId}/transcript`,
  `/api/history/${sessionId}`,
  `/api/itsm/history/${sessionId}`,
  `/api/sessions/${sessionId}/recordings`,
  `/api/sessions/${sessionId}/survey`,
  `/api/notices?sessionId=${sessionId}`,
];

describe('who may read a session', () => {
  it('refuses another representative the transcript, history entry and recording with a 404', async () => {
    for (const path of [...reads(mine), `/api/recordings/${recordingId}/media`]) expect([path, await status(path, tokens.bob)]).toEqual([path, 404]);
    for (const path of reads(teamServed)) expect([path, await status(path, tokens.bob)]).toEqual([path, 404]);
    // The same answer as for a session that does not exist.
    const missing = await api<{ error: { code: string; message: string } }>(srv.url, '/api/history/no-such-session', { token: tokens.bob });
    const refused = await api<{ error: { code: string; message: string } }>(srv.url, `/api/history/${mine}`, { token: tokens.bob });
    expect(refused.body).toEqual(missing.body);
  });

  it('lets the representative who served it read it', async () => {
    for (const path of [...reads(mine), `/api/recordings/${recordingId}/media`]) expect([path, await status(path, tokens.alice)]).toEqual([path, 200]);
  });

  it('lets everyone who took part read it, and every member of the team that served it', async () => {
    for (const who of ['alice', 'dave', 'carol'] as const)
      for (const path of reads(teamServed)) expect([who, path, await status(path, tokens[who])]).toEqual([who, path, 200]);
    for (const path of reads(mine)) expect([path, await status(path, tokens.carol)]).toEqual([path, 404]);
  });

  it('lets an admin read all', async () => {
    for (const path of [...reads(mine), ...reads(teamServed), `/api/recordings/${recordingId}/media`]) expect([path, await status(path, tokens.admin)]).toEqual([path, 200]);
  });

  it('lets an API token with history:read read all, and refuses one without it', async () => {
    const integration = await api<{ integration: { id: string } }>(srv.url, '/api/integrations', { token: tokens.admin, body: { name: 'ITSM', webhookUrl: 'https://itsm.example.com/hook' } });
    expect(integration.status).toBe(201);
    const make = async (scopes: string[]) =>
      (await api<{ token: string }>(srv.url, `/api/integrations/${integration.body.integration.id}/tokens`, { token: tokens.admin, body: { name: scopes.join(), scopes, ttlDays: 1 } })).body.token;
    const reader = await make(['history:read']);
    const journal = await make(['journal:read']);
    for (const path of [...reads(mine), ...reads(teamServed), `/api/recordings/${recordingId}/media`]) {
      expect([path, await status(path, reader)]).toEqual([path, 200]);
      expect([path, await status(path, journal)]).toEqual([path, 403]);
    }
    const list = await api<{ entries: { sessionId: string }[] }>(srv.url, '/api/history', { token: reader });
    expect(list.body.entries.map((e) => e.sessionId).sort()).toEqual([mine, teamServed].sort());
  });

  it('lists in the session list and history search only what the representative may read', async () => {
    const ids = async (path: string, token: string, key: 'sessions' | 'entries') =>
      ((await api<Record<string, { id?: string; sessionId?: string }[]>>(srv.url, path, { token })).body[key] ?? []).map((e) => e.id ?? e.sessionId).sort();
    expect(await ids('/api/history', tokens.bob, 'entries')).toEqual([]);
    expect(await ids('/api/sessions', tokens.bob, 'sessions')).toEqual([]);
    expect(await ids('/api/history', tokens.carol, 'entries')).toEqual([teamServed]);
    expect(await ids('/api/sessions', tokens.carol, 'sessions')).toEqual([teamServed]);
    expect(await ids('/api/history', tokens.alice, 'entries')).toEqual([mine, teamServed].sort());
    expect(await ids('/api/history?customer=Hedy', tokens.alice, 'entries')).toEqual([mine]);
    expect(await ids('/api/history', tokens.admin, 'entries')).toEqual([mine, teamServed].sort());
    expect(await ids('/api/sessions', tokens.admin, 'sessions')).toEqual([mine, teamServed].sort());
  });

  it('opens with a signed link only the one path it was signed for', async () => {
    const link = new URL(signedUrl(SECRET, srv.url, transcriptPath(mine), Date.now() + 60_000));
    expect((await fetch(link)).status).toBe(200);
    expect((await fetch(`${srv.url}/api/history/${mine}${link.search}`)).status).toBe(401);
    expect((await fetch(`${srv.url}/api/history/${mine}/recording${link.search}`)).status).toBe(401);
    expect((await fetch(`${srv.url}/api/history/${teamServed}/transcript${link.search}`)).status).toBe(401);
  });

  it("shows a representative an incident's journal only for the sessions they may read", async () => {
    const alice = await TestClient.open(srv.url, tokens.alice, CONSOLE_ORIGIN);
    const key = await api<{ key: string }>(srv.url, '/api/session-keys', { token: tokens.alice, body: { incident: 'INC-7007' } });
    const created = await api<CreateSessionResponse>(srv.url, '/api/session-keys/redeem', { body: { key: key.body.key, customerName: 'Kay' } });
    const sessionId = created.body.session.id;
    // The key's personal-queue target may read it before anyone accepted it.
    expect(await status(`/api/sessions/${sessionId}/transcript`, tokens.alice)).toBe(200);
    expect(await status(`/api/sessions/${sessionId}/transcript`, tokens.bob)).toBe(404);
    await alice.request({ type: 'session.accept', id: 'a', sessionId });
    await alice.request({ type: 'session.end', id: 'e', sessionId, mode: 'close' });
    const journal = (token: string) => api<{ entries: { sessionId: string | null }[] }>(srv.url, '/api/itsm/incidents/INC-7007/journal', { token });
    await expect.poll(async () => (await journal(tokens.alice)).body.entries.map((e) => e.sessionId)).toEqual([sessionId]);
    expect((await journal(tokens.bob)).body.entries).toEqual([]);
    expect((await journal(tokens.admin)).body.entries.map((e) => e.sessionId)).toEqual([sessionId]);
    alice.close();
  });

  it('refuses live requests that name a session the representative does not serve', async () => {
    const bob = await TestClient.open(srv.url, tokens.bob, CONSOLE_ORIGIN);
    expect(await bob.request({ type: 'chat.send', id: 'x', sessionId: mine, text: 'hello?' })).toMatchObject({ type: 'error', code: 'not_found' });
    expect(bob.received.some((m) => m.type === 'session' && m.session.id === mine)).toBe(false);
    bob.close();
  });
});
