import { describe, expect, it } from 'vitest';
import { neighbourhoods } from './key-guesses.ts';

describe('key neighbourhoods', () => {
  it('mask one read-out group each, so a guess that varies one group shares one with the real key', () => {
    expect(neighbourhoods('123456789')).toEqual(['***456789', '123***789', '123456***']);
    const real = new Set(neighbourhoods('123456789'));
    expect(neighbourhoods('123456000').filter((n) => real.has(n))).toEqual(['123456***']);
    expect(neighbourhoods('120456780').filter((n) => real.has(n))).toEqual([]);
  });
});
