import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KeymapTracker, keysDown } from './keyboard-watch.ts';

const keymap = (...keys: number[]) => {
  const map = new Uint8Array(32);
  for (const k of keys) map[k >> 3]! |= 1 << (k & 7);
  return map;
};

describe('keysDown', () => {
  it('reads one bit per keycode', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 8, max: 255 }), { maxLength: 20 }), (keys) => {
        expect([...keysDown(keymap(...keys))].sort((a, b) => a - b)).toEqual([...keys].sort((a, b) => a - b));
      }),
    );
  });
});

describe('KeymapTracker', () => {
  it('takes the first snapshot as the baseline: keys already held are not the customer typing', () => {
    const t = new KeymapTracker(100);
    expect(t.observe(keymap(50), 0)).toBe(false);
    expect(t.observe(keymap(50), 20)).toBe(false);
  });

  it('reports a key the customer presses, once, when it goes down', () => {
    const t = new KeymapTracker(100);
    t.observe(keymap(), 0);
    expect(t.observe(keymap(38), 20)).toBe(true);
    expect(t.observe(keymap(38), 40)).toBe(false);
    expect(t.observe(keymap(), 60)).toBe(false);
    expect(t.observe(keymap(38, 50), 80)).toBe(true);
  });

  it("does not take the host's own keys for the customer's, during injection and for the grace after it", () => {
    const t = new KeymapTracker(100);
    t.observe(keymap(), 0);
    t.begin();
    expect(t.observe(keymap(50, 10), 10)).toBe(false);
    t.end(20);
    expect(t.observe(keymap(50, 10, 11), 90)).toBe(false);
    expect(t.observe(keymap(), 130)).toBe(false);
    // After the grace, a new key is the customer's again.
    expect(t.observe(keymap(38), 140)).toBe(true);
  });

  it('starts over after reset', () => {
    const t = new KeymapTracker(100);
    t.observe(keymap(), 0);
    t.reset();
    expect(t.observe(keymap(38), 20)).toBe(false);
  });
});
