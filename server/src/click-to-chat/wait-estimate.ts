/**
 * The estimated wait a queued customer is shown, from live data. Pure, so the
 * formula is tested on its own (and stated in the README):
 *
 *   R = representatives signed in now; with R = 0 there is no estimate (nobody can take the chat)
 *   H = mean handle time (accepted to ended) of the last HANDLE_SAMPLE sessions served,
 *       DEFAULT_HANDLE_MS when there are none yet, clamped to [MIN_HANDLE_MS, MAX_HANDLE_MS]
 *   I = representatives signed in and serving nobody (idle)
 *   p = the customer's position in the queue (1 = next)
 *
 *   wait(p) = 0                  when p <= I  (an idle representative can take them now)
 *           = ceil(p / R) * H    otherwise    (each representative takes one customer per H)
 */
export const HANDLE_SAMPLE = 20;
export const DEFAULT_HANDLE_MS = 5 * 60_000;
export const MIN_HANDLE_MS = 60_000;
export const MAX_HANDLE_MS = 60 * 60_000;

export interface WaitInputs {
  position: number;
  repsSignedIn: number;
  repsIdle: number;
  /** Recent handle times in ms, newest first (only the first HANDLE_SAMPLE count). */
  handleTimesMs: readonly number[];
}

/** The mean handle time H used by the estimate. */
export function meanHandleMs(handleTimesMs: readonly number[]): number {
  const sample = handleTimesMs.slice(0, HANDLE_SAMPLE).filter((t) => Number.isFinite(t) && t >= 0);
  if (sample.length === 0) return DEFAULT_HANDLE_MS;
  const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
  return Math.min(MAX_HANDLE_MS, Math.max(MIN_HANDLE_MS, mean));
}

/** Estimated wait in whole seconds, or null when no representative is signed in. */
export function estimateWaitSeconds({ position, repsSignedIn, repsIdle, handleTimesMs }: WaitInputs): number | null {
  if (repsSignedIn <= 0) return null;
  if (position <= Math.max(0, repsIdle)) return 0;
  return Math.round((Math.ceil(position / repsSignedIn) * meanHandleMs(handleTimesMs)) / 1000);
}
