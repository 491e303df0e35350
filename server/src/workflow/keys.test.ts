import { describe, expect, it } from 'vitest';
import { SessionKeyCodeSchema, formatSessionKey } from '@rs/protocol';
import { randomKeyCode, sessionLink } from './keys.ts';
import { backoffMs } from '../itsm/webhooks.ts';

describe('session key codes', () => {
  it('are nine digits, zero padded, spread over the whole range', () => {
    const codes = Array.from({ length: 2000 }, randomKeyCode);
    for (const c of codes) expect(c).toMatch(/^\d{9}$/);
    expect(new Set(codes).size).toBeGreaterThan(1990);
    expect(new Set(codes.map((c) => c[0])).size).toBe(10);
  });

  it('read out in groups of three and parse back with spaces or dashes', () => {
    expect(formatSessionKey('012345678')).toBe('012 345 678');
    expect(SessionKeyCodeSchema.parse(' 012-345 678 ')).toBe('012345678');
    expect(SessionKeyCodeSchema.safeParse('12345678').success).toBe(false);
    expect(SessionKeyCodeSchema.safeParse('12345678x').success).toBe(false);
  });

  it('travel in the URL fragment of the public page, which is never sent to the server', () => {
    const link = new URL(sessionLink('https://help.example.com', '012345678'));
    expect([link.pathname, link.search, link.hash]).toEqual(['/', '', '#key=012345678']);
  });
});

describe('webhook backoff', () => {
  it('doubles from the base and is capped at an hour', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(1000, n))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(1000, 40)).toBe(3_600_000);
  });
});
