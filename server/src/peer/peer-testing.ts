/** Helpers for the PeerJS integration tests: a peerjs-like socket with issued credentials, sessions with both sides. */
import { WebSocket } from 'ws';
import type { CreateSessionResponse, PeerCredentials } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, TestClient } from '../testing.ts';

export interface PeerSocket {
  ws: WebSocket;
  /** Every text frame received, parsed. */
  frames: { type: string; src?: string; dst?: string; payload?: unknown }[];
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the first frame received (now or later) matching `pred`. */
  frame(pred: (f: { type: string; src?: string }) => boolean): Promise<{ type: string; src?: string; payload?: unknown }>;
}

/** Connects as the peerjs client does and waits for the server's OPEN. */
export async function openPeer(base: string, creds: PeerCredentials, origin: string): Promise<PeerSocket> {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/peerjs/peerjs?key=peerjs&id=${creds.peerId}&token=${creds.peerToken}&version=1.5.5`, { origin });
  const frames: PeerSocket['frames'] = [];
  const waiters: { pred: (f: PeerSocket['frames'][number]) => boolean; resolve: (f: PeerSocket['frames'][number]) => void }[] = [];
  ws.on('message', (data) => {
    const f = JSON.parse(data.toString()) as PeerSocket['frames'][number];
    frames.push(f);
    for (const w of [...waiters]) if (w.pred(f)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(f);
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const frame: PeerSocket['frame'] = (pred) => {
    const seen = frames.find(pred);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ pred, resolve }));
  };
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  await frame((f) => f.type === 'OPEN');
  return { ws, frames, closed, frame };
}

export const signal = (type: 'OFFER' | 'ANSWER' | 'CANDIDATE', dst: string, tag: string) =>
  JSON.stringify({ type, dst, payload: { sdp: `v=0 ${tag}`, type: type.toLowerCase(), connectionId: tag } });

export async function credentials(base: string, sessionId: string, token: string): Promise<PeerCredentials> {
  const res = await api<PeerCredentials>(base, `/api/sessions/${sessionId}/peer`, { token });
  if (res.status !== 200) throw new Error(`peer credentials: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A new session accepted by the representative signed in with `repToken` (on `repBase`, default `base`). */
export async function acceptedSession(base: string, repToken: string, name = 'Pat', repBase = base) {
  const { body } = await api<CreateSessionResponse>(base, '/api/sessions', { body: { customerName: name } });
  const console_ = await TestClient.open(repBase, repToken, CONSOLE_ORIGIN);
  const reply = await console_.request({ type: 'session.accept', id: 'a', sessionId: body.session.id });
  console_.close();
  if (reply.type !== 'reply') throw new Error(`accept failed: ${JSON.stringify(reply)}`);
  return { sessionId: body.session.id, customerToken: body.customerToken };
}

/** Both parties of an accepted session with an open PeerJS socket each. */
export async function bothPeers(base: string, repToken: string, name = 'Pat', repBase = base) {
  const { sessionId, customerToken } = await acceptedSession(base, repToken, name, repBase);
  const repCreds = await credentials(repBase, sessionId, repToken);
  const customerCreds = await credentials(base, sessionId, customerToken);
  const rep = await openPeer(repBase, repCreds, CONSOLE_ORIGIN);
  const customer = await openPeer(base, customerCreds, CUSTOMER_ORIGIN);
  return { sessionId, customerToken, repCreds, customerCreds, rep, customer };
}

/** Polls `read` until `done` holds for its value (states, not fixed times). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `n` accepted sessions' PeerJS credentials: the customer's to send from, the representative's to receive (fuzz drivers). */
export async function peerPairs(base: string, repToken: string, n: number) {
  const pairs = [];
  for (let i = 0; i < n; i++) {
    const { sessionId, customerToken } = await acceptedSession(base, repToken, `Fuzz ${i}`);
    const rep = await credentials(base, sessionId, repToken);
    const customer = await credentials(base, sessionId, customerToken);
    pairs.push({ ...customer, origin: CUSTOMER_ORIGIN, partner: { ...rep, origin: CONSOLE_ORIGIN } });
  }
  return pairs;
}
