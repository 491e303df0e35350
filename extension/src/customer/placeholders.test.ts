import { describe, expect, it } from 'vitest';
import { fillPlaceholders, formatWait } from './placeholders.ts';

describe('placeholders', () => {
  it('reads the estimate as words', () => {
    expect(formatWait(null)).toContain('no representative');
    expect(formatWait(0)).toBe('less than a minute');
    expect(formatWait(59)).toBe('less than a minute');
    expect(formatWait(60)).toBe('about 1 minute');
    expect(formatWait(600)).toBe('about 10 minutes');
  });
  it('fills position and wait, every time they appear', () => {
    expect(fillPlaceholders('#{position}, {wait}; #{position}', { position: 2, estimateSeconds: 300 })).toBe('#2, about 5 minutes; #2');
    expect(fillPlaceholders('#{position}', null)).toBe('#…');
    expect(fillPlaceholders('<b>{position}</b>', { position: 1, estimateSeconds: 0 })).toBe('<b>1</b>');
  });
});
