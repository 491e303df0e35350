import express, { type Router } from 'express';
import {
  IdSchema,
  ProtocolError,
  parseWith,
  type RecordingListResponse,
} from '@rs/protocol';
import type { Services } from '../services.ts';
import { mount } from '../http/operation.ts';
import * as ops from './operations.ts';
import { requireRep } from '../http/auth.ts';
import { requireSessionReader } from '../access/readers.ts';

function id(raw: unknown, what: string): string {
  const parsed = parseWith(IdSchema, raw);
  if (!parsed.ok) throw new ProtocolError('not_found', `no such ${what}`);
  return parsed.value;
}

/**
 * Recording upload and playback, representatives only:
 * POST /sessions/:id/recordings, PUT /recordings/:id/chunks/:seq (raw bytes),
 * POST /recordings/:id/finish, GET /sessions/:id/recordings, GET /recordings/:id/media.
 */
export function recordingsRouter(services: Services): Router {
  const { store, recordings } = services;
  const api = express.Router();

  mount(api, ops.startRecording, async (req, res, input) => {
    const { rep } = await requireRep(store, req);
    const { mimeType } = input.body();
    res.status(201).json({ recording: await recordings.start(rep, id(req.params.id, 'session'), mimeType) });
  });

  mount(api, ops.listRecordings, async (req, res) => {
    const sessionId = id(req.params.id, 'session');
    await requireSessionReader(services, req, sessionId, 'no such session');
    const answer: RecordingListResponse = { recordings: await recordings.list(sessionId) };
    res.json(answer);
  });

  mount(api, ops.putRecordingChunk, async (req, res) => {
    const { rep } = await requireRep(store, req);
    const seq = Number(req.params.seq);
    if (!Number.isInteger(seq) || seq < 0) throw new ProtocolError('bad_message', 'chunk numbers are integers from 0');
    const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (data.byteLength === 0) throw new ProtocolError('bad_message', 'an empty chunk');
    res.json({ recording: await recordings.putChunk(rep, id(req.params.id, 'recording'), seq, data) });
  });

  mount(api, ops.finishRecording, async (req, res, input) => {
    const { rep } = await requireRep(store, req);
    const { chunks } = input.body();
    res.json({ recording: await recordings.finish(rep, id(req.params.id, 'recording'), chunks) });
  });

  mount(api, ops.recordingMedia, async (req, res) => {
    const recordingId = id(req.params.id, 'recording');
    const recording = await store.recording(recordingId);
    // Checked before saying whether the recording exists, with the same answer either way.
    await requireSessionReader(services, req, recording?.sessionId ?? recordingId, 'no such recording');
    const media = await recordings.media(recordingId);
    res.setHeader('content-type', media.mimeType);
    res.setHeader('content-length', String(media.size));
    res.setHeader('cache-control', 'no-store');
    media.stream.on('error', () => res.destroy());
    media.stream.pipe(res);
  });

  return api;
}
