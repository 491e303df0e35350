import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CreateSessionResponse, TranscriptResponse } from '@rs/protocol';
import { addRep, api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login, startTestServer, TestClient } from '../testing.ts';
import { PgStore } from './pg.ts';
import { pgSuite } from './pg-suite.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** The real server on a real PostgreSQL: live sockets, the queue, accepting, chat and closing. */
describe('the server on PostgreSQL', { timeout: 30_000 }, () => {
  const { cluster, later } = pgSuite();

  /** A server process of its own (own pool) on the database at `url`. */
  const serve = async (url: string): Promise<Server> => {
    const store = await PgStore.open(url);
    const srv = await startTestServer({}, store);
    later(() => srv.close());
    return srv;
  };
  const open = async (srv: Server, token: string, origin: string) => {
    const c = await TestClient.open(srv.url, token, origin);
    later(() => c.close());
    return c;
  };
  const startChat = async (srv: Server, name: string) =>
    (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: name } })).body;

  it('queues, accepts, chats and closes over real sockets, and keeps it all in the database', async () => {
    const url = await cluster().freshDatabase();
    const srv = await serve(url);
    const repToken = await login(srv.url);
    const rep = await open(srv, repToken, CONSOLE_ORIGIN);
    const { session, customerToken } = await startChat(srv, 'Grace');
    expect((await rep.next('queue', (q) => q.entries.length === 1)).entries[0]).toMatchObject({ sessionId: session.id, customerName: 'Grace' });
    const customer = await open(srv, customerToken, CUSTOMER_ORIGIN);

    expect(await rep.request({ type: 'session.accept', id: 'a1', sessionId: session.id })).toMatchObject({ type: 'reply', session: { state: 'active' } });
    expect((await customer.next('session', (s) => s.session.state === 'active')).session.repName).toBe('Administrator');
    expect((await customer.request({ type: 'chat.send', id: 'c1', sessionId: session.id, text: 'My printer is on fire' })).type).toBe('reply');
    expect((await rep.next('chat', (c) => c.message.author === 'customer')).message.text).toBe('My printer is on fire');
    await rep.request({ type: 'chat.send', id: 'r1', sessionId: session.id, text: 'Step away from it.' });
    expect((await customer.next('chat', (c) => c.message.author === 'rep')).message.text).toBe('Step away from it.');
    const closed = await rep.request({ type: 'session.end', id: 'e1', sessionId: session.id, mode: 'close' });
    expect(closed).toMatchObject({ type: 'reply', session: { state: 'closed', endReason: 'rep_closed' } });
    expect((await customer.next('session', (s) => s.session.state === 'closed')).session.endReason).toBe('rep_closed');

    const transcript = await api<TranscriptResponse>(srv.url, `/api/sessions/${session.id}/transcript`, { token: repToken });
    expect(transcript.body.messages.map((m) => [m.seq, m.author, m.text])).toEqual([
      [1, 'system', 'Administrator joined the session.'],
      [2, 'customer', 'My printer is on fire'],
      [3, 'rep', 'Step away from it.'],
      [4, 'system', 'Administrator closed the session.'],
    ]);
    // Another connection to the same database sees the same session: it is in PostgreSQL, not in the server's memory.
    const other = await PgStore.open(url);
    later(() => other.close());
    expect(await other.session(session.id)).toMatchObject({ state: 'closed', endReason: 'rep_closed' });
    expect((await other.events(session.id)).map((e) => e.kind)).toContain('accepted');
  });

  it('gives a session accepted at once by two representatives on two servers to exactly one of them', async () => {
    const url = await cluster().freshDatabase();
    const one = await serve(url);
    const two = await serve(url);
    await addRep(one.store, 'bob', 'bob-password-1', 'Bob');
    const a = await open(one, await login(one.url), CONSOLE_ORIGIN);
    const b = await open(two, await login(two.url, 'bob', 'bob-password-1'), CONSOLE_ORIGIN);
    for (let i = 0; i < 5; i++) {
      const { session } = await startChat(one, `Customer ${i}`);
      const answers = await Promise.all([
        a.request({ type: 'session.accept', id: `a${i}`, sessionId: session.id }),
        b.request({ type: 'session.accept', id: `b${i}`, sessionId: session.id }),
      ]);
      expect(answers.map((r) => r.type).sort()).toEqual(['error', 'reply']);
      expect(answers.find((r) => r.type === 'error')).toMatchObject({ code: 'conflict' });
      const winner = answers[0]?.type === 'reply' ? 'Administrator' : 'Bob';
      const stored = await one.store.session(session.id);
      expect((await one.store.repById(stored?.repId ?? ''))?.displayName).toBe(winner);
      expect((await one.store.events(session.id)).filter((e) => e.kind === 'accepted')).toHaveLength(1);
    }
  });

  /** `node server/src/main.ts` with this environment: what it printed when it started listening or exited. */
  const runMain = (env: Record<string, string>) =>
    new Promise<{ out: string; code: number | null }>((resolve) => {
      const child = spawn(process.execPath, [fileURLToPath(new URL('../main.ts', import.meta.url))], {
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: 'main-test-password', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const seen = (d: Buffer) => {
        out += d.toString();
        if (/listening on http/.test(out)) child.kill('SIGTERM');
      };
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
      child.once('exit', (code) => resolve({ out, code }));
    });

  it('starts the real server on PostgreSQL when DATABASE_URL is set, and says so', async () => {
    const url = await cluster().freshDatabase();
    const { out } = await runMain({ DATABASE_URL: url });
    expect(out).toContain(`Storage: PostgreSQL ${url}`);
    expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+ \(storage: PostgreSQL/);
    const store = await PgStore.open(url);
    later(() => store.close());
    expect((await store.repByUsername('admin'))?.role).toBe('admin');
  }, 30_000);

  it('stops with a clear message when PostgreSQL cannot be reached', async () => {
    const { out, code } = await runMain({ DATABASE_URL: 'postgres://rs:hunter2@/rs?host=/nonexistent-socket-dir' });
    expect(code).toBe(1);
    expect(out).toContain('error: PostgreSQL at postgres://rs:***@/rs?host=/nonexistent-socket-dir is unreachable');
    expect(out).not.toContain('hunter2');
  }, 30_000);
});
