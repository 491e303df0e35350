import { describe, expect, it } from 'vitest';
import { ProtocolError } from '@rs/protocol';
import { waitSentence } from './wait-sentence.ts';
import { errorMessage } from './errors.ts';
import { call } from './api.ts';

describe('the sentence for a throttled request', () => {
  it('says how long to wait, rounded up, in words a customer reads', () => {
    expect(waitSentence(90_000)).toBe('Too many attempts. Please wait 2 minutes and try again.');
    expect(waitSentence(60_000)).toBe('Too many attempts. Please wait 1 minute and try again.');
    expect(waitSentence(900_000)).toBe('Too many attempts. Please wait 15 minutes and try again.');
    expect(waitSentence(1_200)).toBe('Too many attempts. Please wait 2 seconds and try again.');
    expect(waitSentence(400)).toBe('Too many attempts. Please wait 1 second and try again.');
    expect(waitSentence(undefined)).toBe('Too many attempts. Please wait a moment and try again.');
  });

  it('replaces the server text of any rate_limited error, and of every other server error (by its code)', () => {
    expect(errorMessage(new ProtocolError('rate_limited', 'too many wrong sign-ins; wait and try again', { retryAfterMs: 100_000 }))).toBe(
      'Too many attempts. Please wait 2 minutes and try again.',
    );
    expect(errorMessage(new ProtocolError('unauthorized', 'wrong username or password'))).toBe('You are not signed in, or your sign-in has expired.');
    expect(errorMessage(new ProtocolError('unauthorized', 'wrong username or password'), { unauthorized: 'Wrong username or password.' })).toBe('Wrong username or password.');
  });

  it('a 429 from the REST API carries retryAfterMs to the sentence, from the body or else Retry-After', async () => {
    const answer = (body: string, headers: Record<string, string> = {}) => async () => new Response(body, { status: 429, headers });
    const fromBody = await call({ serverUrl: 'http://s', fetch: answer(JSON.stringify({ error: { code: 'rate_limited', message: 'no', retryAfterMs: 125_000 } })) }, 'POST', '/api/auth/login').catch((e: unknown) => e);
    expect(errorMessage(fromBody)).toBe('Too many attempts. Please wait 3 minutes and try again.');
    const fromHeader = await call({ serverUrl: 'http://s', fetch: answer('', { 'retry-after': '30' }) }, 'POST', '/api/sessions').catch((e: unknown) => e);
    expect(errorMessage(fromHeader)).toBe('Too many attempts. Please wait 30 seconds and try again.');
  });
});
