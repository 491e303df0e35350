import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse, RecordingListResponse, RecordingView } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, login, startTestServer, TestClient } from '../testing.ts';

const dir = mkdtempSync(join(tmpdir(), 'rs-rec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let srv: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => {
  await srv.close();
});

/** The default site asks the recording question (click-to-chat's setting) before the customer answers it. */
async function askRecording(ask: boolean) {
  const admin = await login(srv.url);
  const { body } = await api<{ sites: { id: string; name: string; path: string; settings: Record<string, unknown> }[] }>(srv.url, '/api/admin/sites', { token: admin });
  const site = body.sites.find((s) => s.path === '/')!;
  await api(srv.url, `/api/admin/sites/${site.id}`, { method: 'PUT', token: admin, body: { name: site.name, path: site.path, settings: { ...site.settings, recordingPrompt: ask } } });
}

async function session(recordingAllowed?: boolean) {
  await askRecording(recordingAllowed !== undefined);
  const body = recordingAllowed === undefined ? { customerName: 'Pat' } : { customerName: 'Pat', recordingAllowed };
  const created = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body });
  const token = await login(srv.url);
  const rep = await TestClient.open(srv.url, token, CONSOLE_ORIGIN);
  await rep.request({ type: 'session.accept', id: 'a', sessionId: created.body.session.id });
  rep.close();
  return { sessionId: created.body.session.id, token, view: created.body.session };
}

async function put(token: string, recordingId: string, seq: number, bytes: Uint8Array) {
  const res = await fetch(`${srv.url}/api/recordings/${recordingId}/chunks/${seq}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
  });
  return res.status;
}

describe('recordings', () => {
  it('are uploaded in order, kept without a finish, and play back for representatives once finished whole', async () => {
    srv = await startTestServer({ RECORDINGS_DIR: dir, CUSTOMER_GRACE_MS: '60000' });
    const { sessionId, token, view } = await session(true);
    expect(view.recordingAllowed).toBe(true);
    const started = await api<{ recording: RecordingView }>(srv.url, `/api/sessions/${sessionId}/recordings`, { token, body: { mimeType: 'video/webm;codecs=vp8' } });
    expect(started.status).toBe(201);
    const id = started.body.recording.id;
    expect(await put(token, id, 0, new Uint8Array([1, 2, 3]))).toBe(200);
    expect(await put(token, id, 2, new Uint8Array([9]))).toBe(409);
    expect(await put(token, id, 0, new Uint8Array([1, 2, 3]))).toBe(200); // a retry is acknowledged, not stored twice
    expect(await put(token, id, 1, new Uint8Array([4, 5]))).toBe(200);
    expect(await put('not-a-token', id, 2, new Uint8Array([6]))).toBe(401);

    const list = await api<RecordingListResponse>(srv.url, `/api/sessions/${sessionId}/recordings`, { token });
    expect(list.body.recordings).toMatchObject([{ id, bytes: 5, chunks: 2, finished: false, state: 'recording', playable: false }]);
    // Kept on the server, but played only once the console's finish found every part.
    expect((await fetch(`${srv.url}/api/recordings/${id}/media`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(409);
    expect((await api(srv.url, `/api/recordings/${id}/finish`, { token, body: { chunks: 2 } })).status).toBe(200);
    const media = await fetch(`${srv.url}/api/recordings/${id}/media`, { headers: { authorization: `Bearer ${token}` } });
    expect(media.headers.get('content-type')).toBe('video/webm;codecs=vp8');
    expect([...new Uint8Array(await media.arrayBuffer())]).toEqual([1, 2, 3, 4, 5]);
    expect((await fetch(`${srv.url}/api/recordings/${id}/media`)).status).toBe(401);
    expect((await api(srv.url, `/api/recordings/${id}/finish`, { token, body: { chunks: 2 } })).status).toBe(200);
    expect(await put(token, id, 2, new Uint8Array([6]))).toBe(409);
  });

  it('are refused when the customer did not allow recording', async () => {
    srv = await startTestServer({ RECORDINGS_DIR: dir, CUSTOMER_GRACE_MS: '60000' });
    const refused = await session(false);
    expect(refused.view.recordingAllowed).toBe(false);
    // A site that does not ask never records either.
    const unasked = await session();
    expect(unasked.view.recordingAllowed).toBeNull();
    for (const { sessionId, token } of [refused, unasked]) {
      const started = await api<{ error: { code: string } }>(srv.url, `/api/sessions/${sessionId}/recordings`, { token, body: { mimeType: 'video/webm' } });
      expect(started.status).toBe(403);
      expect(started.body.error.code).toBe('forbidden');
      expect((await api<RecordingListResponse>(srv.url, `/api/sessions/${sessionId}/recordings`, { token })).body.recordings).toEqual([]);
    }
  });
});
