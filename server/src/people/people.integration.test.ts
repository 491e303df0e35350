import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_SUBPROTOCOL_PREFIX, LIVE_SUBPROTOCOL, type CreateSessionResponse, type PeopleResponse, type RepAdminView, type Team } from '@rs/protocol';
import { CONSOLE_ORIGIN, CUSTOMER_ORIGIN, TestClient, api, login, startTestServer, upgradeStatus } from '../testing.ts';

type Running = Awaited<ReturnType<typeof startTestServer>>;

const PASSWORD = 'a long enough password';

describe('people administration over HTTP and the live socket', () => {
  let srv: Running;
  let adminToken: string;

  beforeAll(async () => {
    srv = await startTestServer();
    adminToken = await login(srv.url);
  });
  afterAll(async () => {
    await srv?.close();
  });

  const people = async () => (await api<PeopleResponse>(srv.url, '/api/admin/people', { token: adminToken })).body;
  const addRep = async (username: string, displayName: string, role?: 'rep' | 'admin') => {
    const res = await api<{ rep: { id: string } }>(srv.url, '/api/reps', { token: adminToken, body: { username, displayName, password: PASSWORD, role } });
    expect(res.status).toBe(201);
    return res.body.rep.id;
  };
  const me = async (token: string) => (await api(srv.url, '/api/me', { token })).status;

  it('adds a representative who joins the General team and can sign in; refuses a taken username and a short password', async () => {
    const id = await addRep('grace', 'Grace Hopper');
    const listed = (await people()).reps.find((r) => r.id === id);
    const general = (await people()).teams.find((t) => t.name === 'General');
    expect(listed).toMatchObject<Partial<RepAdminView>>({ username: 'grace', displayName: 'Grace Hopper', role: 'rep', canSignIn: true, online: false, teamIds: [general!.id] });
    expect(await me(await login(srv.url, 'grace', PASSWORD))).toBe(200);

    const taken = await api(srv.url, '/api/reps', { token: adminToken, body: { username: 'Grace', displayName: 'Another', password: PASSWORD } });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'conflict', message: 'the username Grace is taken' } } });
    const short = await api(srv.url, '/api/reps', { token: adminToken, body: { username: 'alan', displayName: 'Alan', password: 'short' } });
    expect(short).toMatchObject({ status: 400, body: { error: { code: 'bad_message', message: 'password: a password has at least 10 characters' } } });
    const spaces = await api(srv.url, '/api/reps', { token: adminToken, body: { username: 'al an', displayName: 'Alan', password: PASSWORD } });
    expect(spaces).toMatchObject({ status: 400, body: { error: { message: 'username: a username has only letters, digits and . _ @ -' } } });
    expect((await people()).reps.map((r) => r.username)).not.toContain('alan');
  });

  it('describes its routes in the OpenAPI document', async () => {
    const doc = await api<{ paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } }>(srv.url, '/api/openapi.json');
    for (const [path, method] of [['/api/admin/people', 'get'], ['/api/reps', 'post'], ['/api/admin/reps/{repId}/disable', 'post'], ['/api/admin/reps/{repId}/role', 'put'], ['/api/teams/{teamId}/members/{repId}', 'delete']] as const) {
      expect(doc.body.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(Object.keys(doc.body.components.schemas)).toEqual(expect.arrayContaining(['AddRepRequest', 'PeopleResponse', 'ResetPasswordRequest']));
  });

  it('answers 403 to a representative and 401 without a sign-in on every admin route', async () => {
    await addRep('plain', 'Plain Rep');
    const token = await login(srv.url, 'plain', PASSWORD);
    const self = (await people()).reps.find((r) => r.username === 'plain')!.id;
    const general = (await people()).teams[0]!.id;
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/admin/people'],
      ['POST', '/api/reps', { username: 'x1', displayName: 'X', password: PASSWORD }],
      ['POST', `/api/admin/reps/${self}/password`, { password: PASSWORD }],
      ['POST', `/api/admin/reps/${self}/disable`],
      ['POST', `/api/admin/reps/${self}/enable`],
      ['PUT', `/api/admin/reps/${self}/role`, { role: 'admin' }],
      ['POST', '/api/teams', { name: 'Mine' }],
      ['POST', `/api/teams/${general}/members`, { repId: self }],
      ['DELETE', `/api/teams/${general}/members/${self}`],
    ];
    for (const [method, path, body] of routes) {
      expect((await api(srv.url, path, { method, token, body })).status, `${method} ${path}`).toBe(403);
      expect((await api(srv.url, path, { method, body })).status, `${method} ${path} signed out`).toBe(401);
    }
    expect((await people()).reps.find((r) => r.id === self)).toMatchObject({ role: 'rep', canSignIn: true });
  });

  it('resets a password: every token of the rep stops working and their console is told why', async () => {
    const id = await addRep('reset.me', 'Reset Me');
    const [t1, t2] = [await login(srv.url, 'reset.me', PASSWORD), await login(srv.url, 'reset.me', PASSWORD)];
    const live = await TestClient.open(srv.url, t1, CONSOLE_ORIGIN);
    const res = await api(srv.url, `/api/admin/reps/${id}/password`, { token: adminToken, body: { password: 'the new password 2' } });
    expect(res.status).toBe(204);
    expect(await live.next('signed_out')).toMatchObject({ reason: 'password_reset' });
    expect(await live.closed).toEqual({ code: 4001 });
    expect([await me(t1), await me(t2)]).toEqual([401, 401]);
    expect((await api(srv.url, '/api/auth/login', { body: { username: 'reset.me', password: PASSWORD } })).status).toBe(401);
    expect(await me(await login(srv.url, 'reset.me', 'the new password 2'))).toBe(200);
    const short = await api(srv.url, `/api/admin/reps/${id}/password`, { token: adminToken, body: { password: '123' } });
    expect(short).toMatchObject({ status: 400, body: { error: { code: 'bad_message' } } });
    expect((await api(srv.url, '/api/admin/reps/NoSuchRep123/password', { token: adminToken, body: { password: PASSWORD } })).status).toBe(404);
  });

  it('disables a rep: sign-in refused, socket closed with the reason, their customer back in the queue; enabling lets them in again', async () => {
    const id = await addRep('dora', 'Dora');
    const token = await login(srv.url, 'dora', PASSWORD);
    const dora = await TestClient.open(srv.url, token, CONSOLE_ORIGIN);
    const admin = await TestClient.open(srv.url, adminToken, CONSOLE_ORIGIN);
    const created = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Ada' } });
    const sessionId = created.body.session.id;
    const customer = await TestClient.open(srv.url, created.body.customerToken, CUSTOMER_ORIGIN);
    await dora.next('queue', (q) => q.entries.some((e) => e.sessionId === sessionId));
    expect(await dora.request({ type: 'session.accept', id: 'd1', sessionId })).toMatchObject({ type: 'reply' });
    expect((await people()).reps.find((r) => r.id === id)?.online).toBe(true);
    // A customer who redeemed Dora's session key waits in her personal queue, where the admin cannot see it.
    const key = await api<{ key: string }>(srv.url, '/api/session-keys', { token, body: { incident: 'INC-7' } });
    const keyed = await api<CreateSessionResponse>(srv.url, '/api/session-keys/redeem', { body: { key: key.body.key, customerName: 'Keyed' } });
    await dora.next('queue', (q) => q.entries.some((e) => e.sessionId === keyed.body.session.id && e.queue === 'personal'));

    const disabled = await api<{ rep: RepAdminView }>(srv.url, `/api/admin/reps/${id}/disable`, { token: adminToken, body: {} });
    expect(disabled).toMatchObject({ status: 200, body: { rep: { canSignIn: false } } });
    expect(await dora.next('signed_out')).toMatchObject({ reason: 'disabled', message: expect.stringContaining('disabled your account') });
    expect(await dora.closed).toEqual({ code: 4001 });
    // Their customer waits for another representative, transcript kept.
    await customer.next('session', (s) => s.session.state === 'held');
    await admin.next('queue', (q) => q.entries.some((e) => e.sessionId === sessionId && e.held === true));
    await admin.next('queue', (q) => q.entries.some((e) => e.sessionId === keyed.body.session.id && e.queue === 'general'));

    expect(await me(token)).toBe(401);
    const refused = await api(srv.url, '/api/auth/login', { body: { username: 'dora', password: PASSWORD } });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: 'this account is disabled; ask an administrator to enable it' } } });
    expect((await api(srv.url, '/api/auth/login', { body: { username: 'dora', password: 'wrong password!' } })).status).toBe(401);
    const ws = `${srv.url.replace('http', 'ws')}/api/ws`;
    expect(await upgradeStatus(ws, [LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX + token], { origin: CONSOLE_ORIGIN })).toBe(401);
    const directory = await api<{ reps: { id: string }[] }>(srv.url, '/api/directory', { token: adminToken });
    expect(directory.body.reps.map((r) => r.id)).not.toContain(id);
    expect((await people()).reps.find((r) => r.id === id)).toMatchObject({ canSignIn: false, online: false });

    const enabled = await api<{ rep: RepAdminView }>(srv.url, `/api/admin/reps/${id}/enable`, { token: adminToken, body: {} });
    expect(enabled).toMatchObject({ status: 200, body: { rep: { canSignIn: true, disabledAt: null } } });
    expect(await me(await login(srv.url, 'dora', PASSWORD))).toBe(200);
    admin.close();
    customer.close();
  });

  it('manages team membership; the member sees the team queue change at once', async () => {
    const id = await addRep('tess', 'Tess');
    const tess = await TestClient.open(srv.url, await login(srv.url, 'tess', PASSWORD), CONSOLE_ORIGIN);
    await tess.next('queue');
    const created = await api<Team>(srv.url, '/api/teams', { token: adminToken, body: { name: 'Billing' } });
    expect(created).toMatchObject({ status: 201, body: { name: 'Billing', memberIds: [] } });
    const teamId = created.body.id;
    expect((await api(srv.url, '/api/teams', { token: adminToken, body: { name: 'billing' } })).status).toBe(409);
    expect((await api(srv.url, '/api/teams', { token: adminToken, body: { name: '  ' } })).status).toBe(400);

    // A customer waiting in the Billing team's queue: Tess sees it once she is a member, and no longer once she is not.
    const waiting = (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Billing customer' } })).body.session.id;
    await tess.next('queue', (q) => q.entries.some((e) => e.sessionId === waiting));
    await srv.store.workflow.setRoute({ sessionId: waiting, incident: null, personalRepId: null, teamId });
    expect((await api(srv.url, `/api/teams/${teamId}/members`, { token: adminToken, body: { repId: id } })).status).toBe(204);
    await tess.next('queue', (q) => q.entries.some((e) => e.sessionId === waiting && e.queue === 'team'));
    expect((await people()).teams.find((t) => t.id === teamId)?.memberIds).toEqual([id]);
    expect((await people()).reps.find((r) => r.id === id)?.teamIds).toContain(teamId);

    expect((await api(srv.url, `/api/teams/${teamId}/members/${id}`, { method: 'DELETE', token: adminToken })).status).toBe(204);
    await tess.next('queue', (q) => !q.entries.some((e) => e.sessionId === waiting));
    expect((await people()).teams.find((t) => t.id === teamId)?.memberIds).toEqual([]);
    const again = await api(srv.url, `/api/teams/${teamId}/members/${id}`, { method: 'DELETE', token: adminToken });
    expect(again).toMatchObject({ status: 404, body: { error: { message: 'this representative is not in the team' } } });
    expect((await api(srv.url, `/api/teams/NoSuchTeam123/members`, { token: adminToken, body: { repId: id } })).status).toBe(404);
    expect((await api(srv.url, `/api/teams/${teamId}/members`, { token: adminToken, body: { repId: 'NoSuchRep123' } })).status).toBe(404);
    tess.close();
  });
});

describe('the last administrator', () => {
  let srv: Running;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv?.close();
  });

  it('cannot disable themselves, and the last enabled admin keeps the role', async () => {
    const token = await login(srv.url);
    const list = async (t: string) => (await api<PeopleResponse>(srv.url, '/api/admin/people', { token: t })).body.reps;
    const adminId = (await list(token))[0]!.id;
    const self = await api(srv.url, `/api/admin/reps/${adminId}/disable`, { token, body: {} });
    expect(self).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: 'you cannot disable yourself' } } });
    const demote = await api(srv.url, `/api/admin/reps/${adminId}/role`, { method: 'PUT', token, body: { role: 'rep' } });
    expect(demote).toMatchObject({ status: 409, body: { error: { code: 'conflict', message: 'at least one enabled administrator must remain' } } });

    // With a second admin the first may step down, and then the second is the last one.
    const second = await api<{ rep: { id: string } }>(srv.url, '/api/reps', { token, body: { username: 'root2', displayName: 'Second Admin', password: PASSWORD, role: 'admin' } });
    const secondToken = await login(srv.url, 'root2', PASSWORD);
    expect((await api(srv.url, `/api/admin/reps/${adminId}/role`, { method: 'PUT', token, body: { role: 'rep' } })).status).toBe(200);
    expect((await api(srv.url, '/api/admin/people', { token })).status).toBe(403);
    const last = await api(srv.url, `/api/admin/reps/${second.body.rep.id}/role`, { method: 'PUT', token: secondToken, body: { role: 'rep' } });
    expect(last.status).toBe(409);
    expect((await list(secondToken)).map((r) => [r.displayName, r.role])).toEqual([['Administrator', 'rep'], ['Second Admin', 'admin']]);
  });
});
