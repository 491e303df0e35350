import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateSessionResponse, HistoryDetail, Site } from '@rs/protocol';
import { CONSOLE_ORIGIN, CUSTOMER_ORIGIN, TestClient, api, login, startTestServer } from '../testing.ts';
import { signedUrl } from '../itsm/signing.ts';
import { recordingPath } from '../itsm/webhooks.ts';

const SECRET = 'history-test-url-secret';
let srv: Awaited<ReturnType<typeof startTestServer>>;
beforeEach(async () => {
  srv = await startTestServer({ URL_SIGNING_SECRET: SECRET, CUSTOMER_GRACE_MS: '60000' });
});
afterEach(async () => {
  await srv.close();
});

/** A served session whose customer allowed recording: one recorded chunk, closed, then the exit survey answered. */
async function servedSession() {
  const admin = await login(srv.url);
  const sites = await api<{ sites: Site[] }>(srv.url, '/api/admin/sites', { token: admin });
  const site = sites.body.sites.find((s) => s.path === '/')!;
  await api(srv.url, `/api/admin/sites/${site.id}`, { method: 'PUT', token: admin, body: { name: site.name, path: site.path, settings: { ...site.settings, recordingPrompt: true } } });
  const created = await api<CreateSessionResponse>(srv.url, '/api/sessions', { body: { customerName: 'Hedy', recordingAllowed: true } });
  const sessionId = created.body.session.id;
  const customer = await TestClient.open(srv.url, created.body.customerToken, CUSTOMER_ORIGIN);
  const rep = await TestClient.open(srv.url, admin, CONSOLE_ORIGIN);
  await rep.request({ type: 'session.accept', id: 'a', sessionId });
  const rec = await api<{ recording: { id: string } }>(srv.url, `/api/sessions/${sessionId}/recordings`, { token: admin, body: { mimeType: 'video/webm' } });
  const bytes = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4]);
  const put = await fetch(`${srv.url}/api/recordings/${rec.body.recording.id}/chunks/0`, { method: 'PUT', headers: { authorization: `Bearer ${admin}` }, body: bytes });
  expect(put.status).toBe(200);
  expect((await api(srv.url, `/api/recordings/${rec.body.recording.id}/finish`, { token: admin, body: { chunks: 1 } })).status).toBe(200);
  await rep.request({ type: 'session.end', id: 'e', sessionId, mode: 'close' });
  const [rating, comment] = site.settings.surveyQuestions;
  const answers = { [rating!.id]: 5, [comment!.id]: 'Quick and kind' };
  expect((await api(srv.url, `/api/sessions/${sessionId}/survey`, { token: created.body.customerToken, body: { answers } })).status).toBe(204);
  customer.close();
  rep.close();
  return { admin, sessionId, bytes, questions: [rating!.label, comment!.label] };
}

describe('Remote Support History across features', () => {
  it('holds the survey answers under their questions and a link to the recording', async () => {
    const { admin, sessionId, questions } = await servedSession();
    const detail = await api<HistoryDetail>(srv.url, `/api/history/${sessionId}`, { token: admin });
    expect(detail.status).toBe(200);
    expect(detail.body.survey).toEqual([
      { question: questions[0], answer: '5' },
      { question: questions[1], answer: 'Quick and kind' },
    ]);
    expect(detail.body.recordingUrl).toMatch(/^\/api\/recordings\/[\w-]+\/media$/);
    const media = await fetch(srv.url + detail.body.recordingUrl!, { headers: { authorization: `Bearer ${admin}` } });
    expect([media.status, media.headers.get('content-type')]).toEqual([200, 'video/webm']);
    expect((await fetch(srv.url + detail.body.recordingUrl!)).status).toBe(401);
  });

  it('serves the recording to a signed, unexpired link only', async () => {
    const { sessionId, bytes } = await servedSession();
    const good = signedUrl(SECRET, srv.url, recordingPath(sessionId), Date.now() + 60_000);
    const answer = await fetch(good);
    expect(answer.status).toBe(200);
    expect(new Uint8Array(await answer.arrayBuffer())).toEqual(bytes);
    const expired = signedUrl(SECRET, srv.url, recordingPath(sessionId), Date.now() - 1);
    expect((await fetch(expired)).status).toBe(401);
    const forged = signedUrl('another-secret', srv.url, recordingPath(sessionId), Date.now() + 60_000);
    expect((await fetch(forged)).status).toBe(401);
  });
});
