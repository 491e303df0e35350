import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { SessionKeyView } from '@rs/protocol';
import { ADMIN_PASSWORD, addRep, api, login, withTestServer } from '../testing.ts';
import { captureLogs } from '../observability/log.ts';


/** A POST with an X-Forwarded-For header, as a proxy (or a client pretending to be one) would send it. */
async function post(base: string, path: string, body: unknown, forwardedFor?: string) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (text ? JSON.parse(text) : null) as { error?: { code: string; retryAfterMs?: number } } | null };
}

/** A POST from another loopback address (all of 127.0.0.0/8 is this machine): a second real client, no proxy involved. */
function postFrom(localAddress: string, base: string, path: string, body: unknown): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = request(base + path, { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const signIn = (base: string, username: string, password: string, forwardedFor?: string) => post(base, '/api/auth/login', { username, password }, forwardedFor);
const redeem = (base: string, key: string, forwardedFor?: string) => post(base, '/api/session-keys/redeem', { key, customerName: 'Mallory' }, forwardedFor);

/**
 * Refused tries are not counted: keeps guessing until one is (its wait ran out), so a fresh wait
 * of a second or more, not the last milliseconds of an old one, stands before the next request.
 */
async function guessUntilCounted(base: string, username: string, lastStatus: number): Promise<void> {
  while (lastStatus !== 401) {
    await new Promise((r) => setTimeout(r, 50));
    lastStatus = (await signIn(base, username, 'one more wrong')).status;
  }
}


describe('sign-in throttle', () => {
  it('30 wrong passwords then the right one: 429 with Retry-After, and 200 once the wait is over', () =>
    withTestServer({ SIGN_IN_ACCOUNT_MAX_WAIT_SECONDS: '3' }, async (srv) => {
      const logs = captureLogs();
      try {
        const answers = [];
        for (let i = 0; i < 30; i++) answers.push((await signIn(srv.url, 'admin', `wrong ${i}`)).status);
        expect(answers.slice(0, 4)).toEqual([401, 401, 401, 401]);
        expect(answers).toContain(429);
        await guessUntilCounted(srv.url, 'admin', answers.at(-1)!);
        const right = await signIn(srv.url, 'admin', ADMIN_PASSWORD);
        expect(right.status).toBe(429);
        expect(right.body?.error).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
        expect(Number(right.retryAfter)).toBeGreaterThanOrEqual(1);
        expect(Number(right.retryAfter)).toBeLessThanOrEqual(3);
        // Waits for the state the server named: refused attempts do not lengthen the wait.
        const start = Date.now();
        let status = 429;
        while (status === 429 && Date.now() - start < 10_000) {
          await new Promise((r) => setTimeout(r, 100));
          status = (await signIn(srv.url, 'admin', ADMIN_PASSWORD)).status;
        }
        expect(status).toBe(200);
        // Audit lines name the account and the address, never what was typed.
        expect(logs.lines).toContainEqual(expect.objectContaining({ audit: 'sign_in.failed', username: 'admin', address: '127.0.0.1' }));
        expect(logs.lines).toContainEqual(expect.objectContaining({ audit: 'sign_in.throttled', username: 'admin' }));
        expect(logs.lines).toContainEqual(expect.objectContaining({ audit: 'sign_in.succeeded', username: 'admin' }));
        const logged = JSON.stringify(logs.lines);
        expect(logged).not.toContain('wrong 1');
        expect(logged).not.toContain('one more wrong');
      } finally {
        logs.restore();
      }
    }),
  // Dozens of scrypt checks and a real wait of a few seconds, on a machine that may be busy.
  30_000);

  it('one account under attack does not slow down another account', () =>
    withTestServer({}, async (srv) => {
      await addRep(srv.store, 'bob', 'bob password', 'Bob');
      let last = 0;
      for (let i = 0; i < 8; i++) last = (await signIn(srv.url, 'admin', `wrong ${i}`)).status;
      await guessUntilCounted(srv.url, 'admin', last);
      expect((await signIn(srv.url, 'admin', ADMIN_PASSWORD)).status).toBe(429);
      expect((await signIn(srv.url, 'bob', 'bob password')).status).toBe(200);
    }), 20_000);

  it('ignores a spoofed X-Forwarded-For without TRUST_PROXY: every guess counts against the real address', () =>
    withTestServer({ SIGN_IN_ADDRESS_MAX_FAILURES: '3' }, async (srv) => {
      for (let i = 0; i < 3; i++) expect((await signIn(srv.url, `nobody${i}`, 'x', `203.0.113.${i}`)).status).toBe(401);
      const refused = await signIn(srv.url, 'admin', ADMIN_PASSWORD, '203.0.113.99');
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(60);
    }));

  it('with TRUST_PROXY, X-Forwarded-For from the trusted proxy names the client', () =>
    withTestServer({ SIGN_IN_ADDRESS_MAX_FAILURES: '3', TRUST_PROXY: 'loopback' }, async (srv) => {
      for (let i = 0; i < 3; i++) await signIn(srv.url, `nobody${i}`, 'x', '198.51.100.1');
      expect((await signIn(srv.url, 'admin', ADMIN_PASSWORD, '198.51.100.1')).status).toBe(429);
      expect((await signIn(srv.url, 'admin', ADMIN_PASSWORD, '198.51.100.2')).status).toBe(200);
    }));
});

describe('session creation throttle', () => {
  it('a burst from one address is refused with 429 and Retry-After', () =>
    withTestServer({}, async (srv) => {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof post>> | null = null;
      for (let i = 0; i < 25; i++) {
        last = await post(srv.url, '/api/sessions', { customerName: `Burst ${i}` });
        statuses.push(last.status);
      }
      expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
      expect(last).toMatchObject({ status: 429, body: { error: { code: 'rate_limited' } } });
      expect(Number(last!.retryAfter)).toBeGreaterThanOrEqual(1);
      // Another client behind no proxy is another address only with TRUST_PROXY; here it is the same one.
      expect((await post(srv.url, '/api/sessions', { customerName: 'Spoofed' }, '203.0.113.7')).status).toBe(429);
    }));
});

describe('IPv6 clients', () => {
  // One subscriber gets a whole /64 (2^64 addresses): counted one by one, rotating through it escapes every per-address budget.
  it('share one budget per /64: 25 sessions from 25 addresses of one /64 are refused after 20, another /64 is not', () =>
    withTestServer({ TRUST_PROXY: 'loopback' }, async (srv) => {
      const statuses: number[] = [];
      for (let i = 1; i <= 25; i++) statuses.push((await post(srv.url, '/api/sessions', { customerName: `Six ${i}` }, `2001:db8:1:2::${i.toString(16)}`)).status);
      expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
      expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
      expect((await post(srv.url, '/api/sessions', { customerName: 'Neighbour' }, '2001:db8:1:3::1')).status).toBe(201);
    }));
});

describe('session key throttles', () => {
  it('40 addresses x 4 wrong keys that each vary one group of the same key: that key neighbourhood is locked', () =>
    withTestServer({ TRUST_PROXY: 'loopback' }, async (srv) => {
      const answers: number[] = [];
      for (let a = 0; a < 40; a++)
        for (let g = 0; g < 4; g++) answers.push((await redeem(srv.url, `${String(a * 4 + g).padStart(3, '0')} 555 999`, `10.4.0.${a}`)).status);
      expect(answers.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
      expect(answers.slice(5).every((s) => s === 429)).toBe(true);
    }));

  it('40 addresses x 4 wrong keys: the global budget refuses, yet a customer from a clean address still redeems', () =>
    withTestServer({ TRUST_PROXY: 'loopback' }, async (srv) => {
      const token = await login(srv.url);
      const key = (await api<SessionKeyView>(srv.url, '/api/session-keys', { token, body: { incident: 'INC-1' } })).body;
      // Guess i is (i, 7i, 13i) mod 1000 group by group: no two guesses share two groups, so no key
      // neighbourhood fills up and only the per-address and global budgets are at work.
      const group = (n: number) => String(n % 1000).padStart(3, '0');
      const answers: number[] = [];
      for (let a = 0; a < 40; a++)
        for (let g = 0; g < 4; g++) {
          const i = a * 4 + g;
          answers.push((await redeem(srv.url, `${group(i)} ${group(7 * i)} ${group(13 * i)}`, `10.1.0.${a}`)).status);
        }
      // The first 100 (the default budget) are answered; after that each address gets its first try only.
      expect(answers.slice(0, 100).every((s) => s === 404)).toBe(true);
      expect(answers.slice(100)).toEqual(Array.from({ length: 15 }, () => [404, 429, 429, 429]).flat());
      expect((await redeem(srv.url, key.key, '10.2.0.1')).status).toBe(201);
    }));

  it('wrong guesses near a real key (two of its three groups right) lock that key, from whatever address', () =>
    withTestServer({ SESSION_KEY_MAX_GUESSES: '3' }, async (srv) => {
      const token = await login(srv.url);
      const key = (await api<SessionKeyView>(srv.url, '/api/session-keys', { token, body: { incident: 'INC-2' } })).body;
      const [a, b, c] = key.key.split(' ') as [string, string, string];
      const other = (g: string, n: number) => String((Number(g) + n) % 1000).padStart(3, '0');
      const guess = (from: string, code: string) => postFrom(from, srv.url, '/api/session-keys/redeem', { key: code, customerName: 'Mallory' });
      for (let n = 1; n <= 3; n++) expect((await guess(`127.0.3.${n}`, `${a} ${b} ${other(c, n)}`)).status).toBe(404);
      expect((await guess('127.0.3.99', key.key)).status).toBe(429);
      // Guesses elsewhere in the key space do not touch it: the next key is redeemed from a clean address.
      const next = (await api<SessionKeyView>(srv.url, '/api/session-keys', { token, body: { incident: 'INC-3' } })).body;
      const [x, y, z] = next.key.split(' ') as [string, string, string];
      expect((await guess('127.0.4.1', `${other(x, 500)} ${other(y, 500)} ${z}`)).status).toBe(404);
      expect((await guess('127.0.4.2', next.key)).status).toBe(201);
    }));
});
