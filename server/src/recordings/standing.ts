import type { RecordingView } from '@rs/protocol';
import type { RecordingRecord, SessionRecord } from '../store/store.ts';

/** Parts come every second while a share is recorded; an unfinished recording quiet for longer than this has stopped. */
export const RECORDING_IDLE_MS = 10_000;

/**
 * Where a recording stands, and why it is not offered for playback unless it
 * is complete. `finished` is set only by a finish that found every part the
 * console recorded (Recordings.finish), so finished with data means complete.
 */
export function standing(r: RecordingRecord, session: SessionRecord | null, now: number): Pick<RecordingView, 'state' | 'playable' | 'problem'> {
  if (r.finished) return r.bytes > 0 ? { state: 'complete', playable: true, problem: null } : { state: 'empty', playable: false, problem: 'empty: nothing was recorded' };
  if (session?.state === 'active' && now - r.updatedAt < RECORDING_IDLE_MS) return { state: 'recording', playable: false, problem: 'still recording' };
  if (r.bytes === 0) return { state: 'empty', playable: false, problem: 'empty: no part of the recording arrived' };
  return { state: 'incomplete', playable: false, problem: 'incomplete: the last part did not arrive' };
}

/** A recording as representatives see it. */
export function recordingView(record: RecordingRecord, session: SessionRecord | null, now = Date.now()): RecordingView {
  const { repId: _rep, ...rest } = record;
  return { ...rest, ...standing(record, session, now) };
}
