import {
  FinishRecordingRequestSchema,
  IdSchema,
  RECORDING_CHUNK_MAX_BYTES,
  RecordingListResponseSchema,
  StartRecordingRequestSchema,
  StartRecordingResponseSchema,
} from '@rs/protocol';
import { z } from 'zod';
import { operation } from '../http/operation.ts';

const webm = { raw: ['video/webm'], description: 'The WebM of a `complete` recording' } as const;

export const startRecording = operation({
  method: 'post', path: '/api/sessions/:id/recordings', operationId: 'startRecording', tag: 'Recordings', auth: 'rep',
  summary: "The session's representative starts a recording",
  description: '403 `forbidden` when the customer did not allow recording.',
  params: { id: IdSchema },
  body: StartRecordingRequestSchema,
  responses: { 201: StartRecordingResponseSchema },
  errors: ['forbidden', 'invalid_state'],
});

export const listRecordings = operation({
  method: 'get', path: '/api/sessions/:id/recordings', operationId: 'listRecordings', tag: 'Recordings', auth: 'reader',
  summary: "A session's recordings, each with its state and whether it plays",
  params: { id: IdSchema },
  responses: { 200: RecordingListResponseSchema },
});

export const putRecordingChunk = operation({
  method: 'put', path: '/api/recordings/:id/chunks/:seq', operationId: 'putRecordingChunk', tag: 'Recordings', auth: 'rep',
  summary: 'One part of a recording, strictly in order from 0',
  description: 'A repeated part is acknowledged again; a gap is 409.',
  params: { id: IdSchema, seq: z.number().int().nonnegative() },
  body: { raw: ['application/octet-stream'], maxBytes: RECORDING_CHUNK_MAX_BYTES, anyType: true, description: 'The part, as the console recorded it' },
  responses: { 200: StartRecordingResponseSchema },
  errors: ['forbidden', 'invalid_state', 'conflict'],
});

export const finishRecording = operation({
  method: 'post', path: '/api/recordings/:id/finish', operationId: 'finishRecording', tag: 'Recordings', auth: 'rep',
  summary: 'Finishes a recording with the number of parts the console recorded',
  description: '409 `invalid_state` while some of those parts have not arrived; 400 `bad_message` for fewer than the server holds.',
  params: { id: IdSchema },
  body: FinishRecordingRequestSchema,
  responses: { 200: StartRecordingResponseSchema },
  errors: ['forbidden', 'invalid_state'],
});

export const recordingMedia = operation({
  method: 'get', path: '/api/recordings/:id/media', operationId: 'recordingMedia', tag: 'Recordings', auth: 'reader',
  summary: 'Plays a complete recording',
  description: '409 `invalid_state` (with the reason) for one still recording, incomplete or empty.',
  params: { id: IdSchema },
  responses: { 200: webm },
  errors: ['invalid_state'],
});

export const recordingsOperations = [startRecording, listRecordings, putRecordingChunk, finishRecording, recordingMedia];
