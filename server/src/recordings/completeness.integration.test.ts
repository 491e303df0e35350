import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse, RecordingListResponse, RecordingView } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, login, startTestServer, TestClient } from '../testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'rs-rec-complete-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let srv: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => {
  await srv.close();
});

/** An accepted session on a site that asked, and a customer who allowed recording; the rep's socket stays open to end it. */
async function recordedSession() {
  const admin = await login(srv.url);
  const { body } = await api<{ sites: { id: string; name: string; path: string; settings: Record<string, unknown> }[] }>(srv.url, '/api/admin/sites', { token: admin });
  const site = body.sites.find((s) => s.path === '/')!;
  await api(srv.url, `/api/admin/sites/${site.id}`, { method: 'PUT', token: admin, body: { name: site.name, path: site.path, settings: { ...site.settings, recordingPrompt: true } } });
  const created = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Pat', recordingAllowed: true } });
  const sessionId = created.body.session.id;
  const rep = await TestClient.open(srv.url, admin, CONSOLE_ORIGIN);
  await rep.request({ type: 'session.accept', id: 'a', sessionId });
  const started = await api<{ recording: RecordingView }>(srv.url, `/api/sessions/${sessionId}/recordings`, { token: admin, body: { mimeType: 'video/webm;codecs=vp8' } });
  return { sessionId, token: admin, rep, id: started.body.recording.id };
}

async function put(token: string, recordingId: string, seq: number, bytes: number[]) {
  const res = await fetch(`${srv.url}/api/recordings/${recordingId}/chunks/${seq}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  });
  return res.status;
}

const finish = (token: string, id: string, chunks?: number) =>
  api<{ recording?: RecordingView; error?: { code: string; message: string } }>(srv.url, `/api/recordings/${id}/finish`, { token, method: 'POST', body: chunks === undefined ? {} : { chunks } });
const list = async (token: string, sessionId: string) => (await api<RecordingListResponse>(srv.url, `/api/sessions/${sessionId}/recordings`, { token })).body.recordings;
const media = async (token: string, id: string) => (await fetch(`${srv.url}/api/recordings/${id}/media`, { headers: { authorization: `Bearer ${token}` } })).status;

describe('recording completeness', () => {
  it('is complete only once every part the console recorded arrived; until then it is listed with the reason and not played', async () => {
    srv = await startTestServer({ RECORDINGS_DIR: dir, CUSTOMER_GRACE_MS: '60000' });
    const { sessionId, token, rep, id } = await recordedSession();
    expect(await put(token, id, 0, [1, 2, 3])).toBe(200);
    // The console recorded two parts; the second has not arrived (the session ended first).
    const early = await finish(token, id, 2);
    expect(early.status).toBe(409);
    expect(early.body.error?.code).toBe('invalid_state');
    await rep.request({ type: 'session.end', id: 'e', sessionId, mode: 'close' });
    expect(await list(token, sessionId)).toMatchObject([{ id, state: 'incomplete', playable: false, problem: 'incomplete: the last part did not arrive' }]);
    expect(await media(token, id)).toBe(409);

    // The last part arrives after all: now it is complete and plays back whole.
    expect(await put(token, id, 1, [4, 5])).toBe(200);
    expect((await finish(token, id, 2)).status).toBe(200);
    expect(await list(token, sessionId)).toMatchObject([{ id, state: 'complete', playable: true, problem: null, bytes: 5, chunks: 2, finished: true }]);
    const res = await fetch(`${srv.url}/api/recordings/${id}/media`, { headers: { authorization: `Bearer ${token}` } });
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([1, 2, 3, 4, 5]);
    rep.close();
  });

  it('a recording with no data is listed as empty and never offered for playback, finished or not', async () => {
    srv = await startTestServer({ RECORDINGS_DIR: dir, CUSTOMER_GRACE_MS: '60000' });
    const { sessionId, token, rep, id } = await recordedSession();
    expect(await list(token, sessionId)).toMatchObject([{ id, state: 'recording', playable: false }]);
    expect((await finish(token, id, 0)).status).toBe(200);
    expect(await list(token, sessionId)).toMatchObject([{ id, state: 'empty', playable: false, problem: 'empty: nothing was recorded' }]);
    expect(await media(token, id)).toBe(409);

    const second = await api<{ recording: RecordingView }>(srv.url, `/api/sessions/${sessionId}/recordings`, { token, body: { mimeType: 'video/webm' } });
    await rep.request({ type: 'session.end', id: 'e', sessionId, mode: 'close' });
    expect((await list(token, sessionId))[1]).toMatchObject({ id: second.body.recording.id, state: 'empty', playable: false, problem: 'empty: no part of the recording arrived' });
    rep.close();
  });

  it('a finish must say how many parts there are', async () => {
    srv = await startTestServer({ RECORDINGS_DIR: dir, CUSTOMER_GRACE_MS: '60000' });
    const { token, rep, id } = await recordedSession();
    expect(await put(token, id, 0, [1])).toBe(200);
    const bare = await finish(token, id);
    expect(bare.status).toBe(400);
    expect(bare.body.error?.code).toBe('bad_message');
    // Fewer parts than the server holds is a confused console, not a finish.
    expect((await finish(token, id, 0)).body.error?.code).toBe('bad_message');
    rep.close();
  });
});
