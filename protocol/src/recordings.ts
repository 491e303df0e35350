import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.ts';

/** Largest recording chunk the server takes in one upload. */
export const RECORDING_CHUNK_MAX_BYTES = 8 * 1024 * 1024;

export const RecordingStateSchema = z.enum(['recording', 'complete', 'incomplete', 'empty']);
export type RecordingState = z.infer<typeof RecordingStateSchema>;

/** A screen recording of a session, as representatives see it. */
export const RecordingViewSchema = z.object({
  id: IdSchema,
  sessionId: IdSchema,
  mimeType: z.string(),
  startedAt: TimestampSchema,
  updatedAt: TimestampSchema,
  bytes: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  /** The console finished it and every part it recorded arrived. */
  finished: z.boolean(),
  /**
   * `recording`: still going (its session is active and parts keep coming);
   * `complete`: finished with every part, the only state offered for playback;
   * `incomplete`: parts stopped coming before the console finished it (the last
   * part did not arrive); `empty`: no data at all.
   */
  state: RecordingStateSchema,
  /** Whether the console offers it for playback (`complete` only); the media answers 409 otherwise. */
  playable: z.boolean(),
  /** Why it is not playable, as a sentence for the list; null when it is. */
  problem: z.string().nullable(),
});
export type RecordingView = z.infer<typeof RecordingViewSchema>;

/**
 * POST /api/recordings/:id/finish (the recording's rep): no more parts will come; `chunks` is how many the
 * console recorded. Refused (409 invalid_state) while some of them have not arrived, so a recording is
 * complete only with its last part.
 */
export const FinishRecordingRequestSchema = z.object({ chunks: z.number().int().nonnegative() });
export type FinishRecordingRequest = z.infer<typeof FinishRecordingRequestSchema>;

/** POST /api/sessions/:id/recordings (the session's rep): start a recording; refused (403) when the customer refused recording. */
export const StartRecordingRequestSchema = z.object({
  mimeType: z.string().regex(/^video\/webm(;[ a-z0-9=.,"-]*)?$/i, 'recordings are WebM'),
});
export const StartRecordingResponseSchema = z.object({ recording: RecordingViewSchema });

/** GET /api/sessions/:id/recordings (representatives). Chunks go to PUT /api/recordings/:id/chunks/:seq, media comes from GET /api/recordings/:id/media. */
export const RecordingListResponseSchema = z.object({ recordings: z.array(RecordingViewSchema) });
export type RecordingListResponse = z.infer<typeof RecordingListResponseSchema>;
