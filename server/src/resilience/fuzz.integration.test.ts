import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CreateSessionResponse, PeerCredentials } from '@rs/protocol';
import { api, CUSTOMER_ORIGIN, login } from '../testing.ts';
import { useTestServer } from '../testing-hooks.ts';
import { fuzzLiveSocket, fuzzPeerSocket, fuzzRest } from './fuzz-drivers.ts';
import { peerPairs } from '../peer/peer-testing.ts';
import { liveFrames, peerjsFrames, restInputs, stream } from './fuzz-inputs.ts';

/**
 * A few thousand hostile inputs against a REAL server (its live socket, its
 * PeerJS socket, its REST routes): every one gets a typed answer, nothing is
 * `internal`, and the server still serves afterwards. `npm run fuzz` runs the
 * same drivers with a million inputs per surface against a server process.
 */
const t = useTestServer({ CUSTOMER_GRACE_MS: '60000' });
const SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? 1);
const count = (n: number) => Math.max(1, Math.round(n * SCALE));
const TIMEOUT_MS = 120_000;

// Thousands of refused inputs log thousands of lines (a PeerJS socket error, a malformed % in a path); the answers are what is checked.
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

async function queuedCustomer() {
  const { body } = await api<CreateSessionResponse>(t.srv.url, '/api/sessions', { body: { customerName: 'Pat' } });
  return body;
}

async function stillServing(): Promise<void> {
  expect((await api<{ ok: boolean }>(t.srv.url, '/healthz')).body.ok).toBe(true);
}

describe('hostile input against a real server', () => {
  it('live socket: every frame gets a typed answer (or a deliberate close), none internal', async () => {
    const customer = await queuedCustomer();
    const stats = await fuzzLiveSocket({ base: t.srv.url, token: customer.customerToken, origin: CUSTOMER_ORIGIN, inputs: stream(liveFrames, count(3000)) });
    expect(stats.samples).toEqual([]);
    expect(stats.untyped).toBe(0);
    expect(stats.internal).toBe(0);
    expect(stats.inputs).toBe(count(3000));
    expect(stats.typedErrors).toBeGreaterThan(stats.inputs / 2);
    await stillServing();
  }, TIMEOUT_MS);

  it('PeerJS socket: every frame is relayed or closes only its own socket with a reason', async () => {
    const peers = await peerPairs(t.srv.url, await login(t.srv.url), 2);
    const stats = await fuzzPeerSocket({ base: t.srv.url, peers, inputs: stream(peerjsFrames, count(1000)) });
    expect(stats.samples).toEqual([]);
    expect(stats.inputs).toBe(count(1000));
    expect(stats.typedErrors + stats.accepted).toBe(stats.inputs);
    expect(stats.closes['1008']).toBeGreaterThan(0);
    await stillServing();
  }, TIMEOUT_MS);

  it('REST: hostile bodies, params and queries (a malformed % in a path included) get typed 4xx answers', async () => {
    const admin = await login(t.srv.url);
    const stats = await fuzzRest({ base: t.srv.url, inputs: stream(restInputs(admin), count(2000)) });
    expect(stats.fivexx).toEqual({});
    expect(stats.untyped).toBe(0);
    expect(stats.typedErrors).toBeGreaterThan(stats.inputs / 2);
    await stillServing();
  }, TIMEOUT_MS);
});
