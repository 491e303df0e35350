import { describe, expect, it } from 'vitest';
import { DEFAULT_HANDLE_MS, MAX_HANDLE_MS, MIN_HANDLE_MS, estimateWaitSeconds, meanHandleMs } from './wait-estimate.ts';

describe('meanHandleMs', () => {
  it('uses the default with no history', () => expect(meanHandleMs([])).toBe(DEFAULT_HANDLE_MS));
  it('averages the most recent twenty only', () => {
    expect(meanHandleMs([120_000, 240_000])).toBe(180_000);
    expect(meanHandleMs([...Array(20).fill(120_000), 3_000_000])).toBe(120_000);
  });
  it('clamps very short and very long sessions', () => {
    expect(meanHandleMs([1_000])).toBe(MIN_HANDLE_MS);
    expect(meanHandleMs([10 * MAX_HANDLE_MS])).toBe(MAX_HANDLE_MS);
  });
  it('ignores nonsense values', () => expect(meanHandleMs([Number.NaN, -5, 120_000])).toBe(120_000));
});

describe('estimateWaitSeconds', () => {
  const h = [120_000]; // H = 2 min
  it('has no estimate when nobody is signed in', () => {
    expect(estimateWaitSeconds({ position: 1, repsSignedIn: 0, repsIdle: 0, handleTimesMs: h })).toBeNull();
  });
  it('is zero when an idle representative can take the customer now', () => {
    expect(estimateWaitSeconds({ position: 1, repsSignedIn: 1, repsIdle: 1, handleTimesMs: h })).toBe(0);
    expect(estimateWaitSeconds({ position: 2, repsSignedIn: 3, repsIdle: 2, handleTimesMs: h })).toBe(0);
  });
  it('counts one handle time per round of representatives', () => {
    expect(estimateWaitSeconds({ position: 2, repsSignedIn: 1, repsIdle: 1, handleTimesMs: h })).toBe(240);
    expect(estimateWaitSeconds({ position: 1, repsSignedIn: 1, repsIdle: 0, handleTimesMs: h })).toBe(120);
    expect(estimateWaitSeconds({ position: 3, repsSignedIn: 2, repsIdle: 0, handleTimesMs: h })).toBe(240);
    expect(estimateWaitSeconds({ position: 4, repsSignedIn: 2, repsIdle: 0, handleTimesMs: h })).toBe(240);
  });
  it('falls when the customer ahead is accepted (position 2 -> 1, rep now busy)', () => {
    const before = estimateWaitSeconds({ position: 2, repsSignedIn: 1, repsIdle: 1, handleTimesMs: h });
    const after = estimateWaitSeconds({ position: 1, repsSignedIn: 1, repsIdle: 0, handleTimesMs: h });
    expect(after).toBeLessThan(before!);
  });
  it('grows with longer recent handle times', () => {
    const quick = estimateWaitSeconds({ position: 1, repsSignedIn: 1, repsIdle: 0, handleTimesMs: [60_000] });
    const slow = estimateWaitSeconds({ position: 1, repsSignedIn: 1, repsIdle: 0, handleTimesMs: [600_000] });
    expect([quick, slow]).toEqual([60, 600]);
  });
});
