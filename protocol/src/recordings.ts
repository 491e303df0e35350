import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.ts';

/** Largest recording chunk the server takes in one upload. */
export const RECORDING_CHUNK_MAX_BYTES = 8 * 1024 * 1024;

/** A screen recording of a session, as representatives see it. */
export const RecordingViewSchema = z.object({
  id: IdSchema,
  sessionId: IdSchema,
  mimeType: z.string(),
  startedAt: TimestampSchema,
  updatedAt: TimestampSchema,
  bytes: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  finished: z.boolean(),
});
export type RecordingView = z.infer<typeof RecordingViewSchema>;

/** POST /api/sessions/:id/recordings (the session's rep): start a recording; refused (403) when the customer refused recording. */
export const StartRecordingRequestSchema = z.object({
  mimeType: z.string().regex(/^video\/webm(;[ a-z0-9=.,"-]*)?$/i, 'recordings are WebM'),
});
export const StartRecordingResponseSchema = z.object({ recording: RecordingViewSchema });

/** GET /api/sessions/:id/recordings (representatives). Chunks go to PUT /api/recordings/:id/chunks/:seq, media comes from GET /api/recordings/:id/media. */
export const RecordingListResponseSchema = z.object({ recordings: z.array(RecordingViewSchema) });
export type RecordingListResponse = z.infer<typeof RecordingListResponseSchema>;
