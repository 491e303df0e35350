import { describe, expect, it } from 'vitest';
import { ProtocolError } from '@rs/protocol';
import { createSession, isServerUp, login, logout } from './api.ts';

interface Seen {
  url: string;
  init: RequestInit;
}

/** A fetch that answers every call with one canned response and records the request. */
function fakeFetch(status: number, body: unknown): { fetch: typeof fetch; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    const text = body === undefined ? null : JSON.stringify(body);
    return new Response(text, { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { fetch: fetchImpl, seen };
}

const rep = { id: 'rep_0001abcd', username: 'rita', displayName: 'Rita', role: 'rep' };

describe('api', () => {
  it('posts the login and parses the answer', async () => {
    const { fetch, seen } = fakeFetch(200, { token: 't0k', rep, expiresAt: 5 });
    const answer = await login({ serverUrl: 'http://srv', fetch }, 'rita', 'pw');
    expect(answer.rep.displayName).toBe('Rita');
    expect(seen[0]!.url).toBe('http://srv/api/auth/login');
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ username: 'rita', password: 'pw' });
  });

  it('turns an error body into a ProtocolError with its code and message', async () => {
    const { fetch } = fakeFetch(401, { error: { code: 'unauthorized', message: 'Wrong username or password.' } });
    const error = await login({ serverUrl: 'http://srv', fetch }, 'rita', 'bad').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: 'unauthorized', message: 'Wrong username or password.' });
  });

  it('rejects a 2xx answer that does not match the contract', async () => {
    const { fetch } = fakeFetch(201, { session: { id: 'nope' }, customerToken: 'x' });
    await expect(createSession({ serverUrl: 'http://srv', fetch }, 'Ada')).rejects.toMatchObject({ code: 'bad_message' });
  });

  it('sends the bearer token', async () => {
    const { fetch, seen } = fakeFetch(204, undefined);
    await logout({ serverUrl: 'http://srv', token: 'abc', fetch });
    expect((seen[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer abc');
  });

  it('says clearly when the server cannot be reached', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    await expect(login({ serverUrl: 'http://down:1', fetch }, 'a', 'b')).rejects.toMatchObject({
      code: 'closed',
      message: 'Cannot reach the support server at http://down:1',
    });
    expect(await isServerUp({ serverUrl: 'http://down:1', fetch })).toBe(false);
  });
});
