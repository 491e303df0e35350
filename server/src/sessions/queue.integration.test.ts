import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type CreateSessionResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, login, startTestServer, TestClient } from '../testing.ts';

let srv: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];

beforeEach(async () => {
  srv = await startTestServer({ CUSTOMER_GRACE_MS: '60000' });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await srv.close();
});

/** A rep's console, with every raw frame it was sent (type and size), from before hello. */
async function repWithFrames(token: string) {
  const rep = await TestClient.open(srv.url, token, CONSOLE_ORIGIN, false);
  clients.push(rep);
  const frames: { type: string; bytes: number; raw: Record<string, unknown> }[] = [];
  rep.ws.on('message', (d: Buffer) => {
    const raw = JSON.parse(d.toString()) as Record<string, unknown>;
    frames.push({ type: String(raw.type), bytes: d.length, raw });
  });
  rep.send({ type: 'hello', v: PROTOCOL_VERSION });
  await rep.next('welcome');
  return { rep, frames };
}

const start = async (name: string) => (await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: name } })).body.session.id;

describe('the representative queue', () => {
  it('comes whole on connect, then only as changes (added, removed), not the whole list again', async () => {
    const token = await login(srv.url);
    const { rep, frames } = await repWithFrames(token);
    await rep.next('queue', (q) => q.entries.length === 0);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await start(`C${i}`));
      await rep.next('queue', (q) => q.entries.length === i + 1);
    }
    await rep.request({ type: 'session.accept', id: 'a', sessionId: ids[0]! });
    const after = await rep.next('queue', (q) => q.entries.length === 4);
    expect(after.entries.map((e) => e.sessionId)).toEqual(ids.slice(1));

    const queueFrames = frames.filter((f) => f.type === 'queue' || f.type === 'queue.delta');
    expect(queueFrames.map((f) => f.type)).toEqual(['queue', ...ids.map(() => 'queue.delta'), 'queue.delta']);
    expect(queueFrames.slice(1, 6).map((f) => f.raw.added)).toEqual(ids.map((id, i) => [expect.objectContaining({ sessionId: id, customerName: `C${i}` })]));
    expect(queueFrames.at(-1)!.raw).toMatchObject({ added: [], updated: [], removed: [ids[0]] });

    // A second console of the same rep gets the whole list; both then follow the same changes.
    const second = await repWithFrames(token);
    expect((await second.rep.next('queue', (q) => q.entries.length === 4)).entries.map((e) => e.sessionId)).toEqual(ids.slice(1));
    const late = await start('Late');
    for (const c of [rep, second.rep]) await c.next('queue', (q) => q.entries.length === 5 && q.entries.at(-1)!.sessionId === late);
  });
});
