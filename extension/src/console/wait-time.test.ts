import { describe, expect, it } from 'vitest';
import { formatDuration, waitLabel } from './wait-time.ts';

describe('formatDuration', () => {
  it('shows minutes and zero-padded seconds', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7_999)).toBe('0:07');
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(59 * 60_000 + 59_000)).toBe('59:59');
  });

  it('adds hours from an hour on', () => {
    expect(formatDuration(3_600_000 + 5 * 60_000 + 9_000)).toBe('1:05:09');
  });

  it('reads negative durations as zero', () => {
    expect(formatDuration(-5_000)).toBe('0:00');
  });
});

describe('waitLabel', () => {
  it('measures on the server clock', () => {
    // Local clock 10 s behind the server: a customer queued at server time 100 s has waited 7 s at local 97 s.
    expect(waitLabel(100_000, 97_000, 10_000)).toBe('Waiting 0:07');
  });
});
