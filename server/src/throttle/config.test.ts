import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';

describe('throttle settings', () => {
  it('default to the production values the README lists, with no proxy trusted', () => {
    const { throttle, workflow } = loadConfig({});
    expect(throttle).toEqual({
      trustProxy: null,
      signInAccountFreeFailures: 5,
      signInAccountMaxWaitSeconds: 60,
      signInAddressMaxFailures: 50,
      signInAddressWindowSeconds: 900,
      sessionCreateMaxPerAddress: 20,
      sessionCreateWindowSeconds: 60,
      relayChunksPerMinute: 600,
      relayAddressChunksPerMinute: 1200,
      apiTokenWrongPerAddress: 10,
      apiTokenWrongWindowSeconds: 900,
      apiTokenRequestsPerMinute: 300,
      sessionKeyEmailsPerHour: 30,
    });
    expect([workflow.sessionKeyMaxGuesses, workflow.sessionKeyLockoutMs, workflow.sessionKeyAddressMaxWaitSeconds, workflow.sessionKeyGlobalMaxGuesses]).toEqual([5, 900_000, 300, 100]);
  });

  it('refuse nonsense at start rather than throttling wrongly', () => {
    expect(() => loadConfig({ SIGN_IN_ACCOUNT_FREE_FAILURES: '0' })).toThrow(/^SIGN_IN_ACCOUNT_FREE_FAILURES="0" is not accepted: expected an integer of at least 1\.$/);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRUST_PROXY/);
    expect(typeof loadConfig({ TRUST_PROXY: '1' }).throttle.trustProxy).toBe('function');
  });
});
