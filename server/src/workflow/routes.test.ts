import { describe, expect, it } from 'vitest';
import { ProtocolError } from '@rs/protocol';
import { dateParam } from './routes.ts';

describe('history date filters', () => {
  it('read YYYY-MM-DD as UTC midnight, and an inclusive "to" as the next midnight', () => {
    expect(dateParam('2026-11-21')).toBe(Date.UTC(2026, 10, 21));
    expect(dateParam('2026-11-21', true)).toBe(Date.UTC(2026, 10, 22));
  });

  it('take epoch milliseconds as they are, and nothing as no filter', () => {
    expect(dateParam('1763700000000')).toBe(1763700000000);
    expect(dateParam('')).toBeUndefined();
    expect(dateParam(undefined)).toBeUndefined();
  });

  it('refuse anything else with a typed error', () => {
    for (const bad of ['21/11/2026', '2026-13-45', 'yesterday']) expect(() => dateParam(bad)).toThrow(ProtocolError);
  });
});
