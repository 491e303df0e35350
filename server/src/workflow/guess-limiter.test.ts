import { describe, expect, it } from 'vitest';
import { GuessLimiter } from './guess-limiter.ts';

describe('GuessLimiter', () => {
  it('locks a subject out after the configured number of failures, for the lockout time', () => {
    let now = 1_000;
    const limiter = new GuessLimiter({ maxGuesses: 3, lockoutMs: 60_000, now: () => now });
    limiter.fail('addr:1.2.3.4', 'key:x');
    limiter.fail('addr:1.2.3.4');
    expect(limiter.lockedFor('addr:1.2.3.4')).toBe(0);
    now += 10;
    limiter.fail('addr:1.2.3.4');
    expect(limiter.lockedFor('addr:1.2.3.4')).toBe(60_000);
    expect(limiter.lockedFor('key:x')).toBe(0);
    expect(limiter.lockedFor('addr:5.6.7.8')).toBe(0);
    now += 59_999;
    expect(limiter.lockedFor('addr:1.2.3.4')).toBe(1);
    now += 1;
    expect(limiter.lockedFor('addr:1.2.3.4')).toBe(0);
  });

  it('forgets failures older than the window', () => {
    let now = 0;
    const limiter = new GuessLimiter({ maxGuesses: 2, lockoutMs: 100, now: () => now });
    limiter.fail('a');
    now = 150;
    limiter.fail('a');
    expect(limiter.lockedFor('a')).toBe(0);
  });

  it('stays bounded', () => {
    const limiter = new GuessLimiter({ maxGuesses: 2, lockoutMs: 100, maxEntries: 10 });
    for (let i = 0; i < 100; i++) limiter.fail(`s${i}`, `s${i}`);
    expect(limiter.lockedFor('s99')).toBeGreaterThan(0);
    expect(limiter.lockedFor('s0')).toBe(0);
  });
});
