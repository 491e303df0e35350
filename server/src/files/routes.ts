import express, { type Router } from 'express';
import { FILE_CHUNK_BYTES, FILE_RELAY_CHUNK_BYTES, IdSchema, ProtocolError, parseWith, type FileLimits, type FileListResponse } from '@rs/protocol';
import type { Services } from '../services.ts';
import { mount } from '../http/operation.ts';
import * as ops from './operations.ts';
import { requireParty } from '../http/auth.ts';
import { relayUploadLimiters } from '../throttle/relay-uploads.ts';

/**
 * The file relay, for when the two parties cannot connect directly:
 * PUT /sessions/:id/files/:transferId/chunks/:seq (the sender, raw bytes, in order),
 * GET /sessions/:id/files (either party: every transfer, for a page that reconnects),
 * GET /sessions/:id/files/:transferId (the receiver, once the whole file is up; deleted after).
 * Both need the session's token (customer or its representative), an accepted transfer and the
 * `files` permission; the total is bounded by the offer's size, itself bounded by FILE_MAX_BYTES.
 */
export function filesRouter({ store, files, counters, config }: Services): Router {
  const api = express.Router();
  const uploads = relayUploadLimiters(counters, config.throttle);

  async function access(req: express.Request, want: 'sender' | 'receiver') {
    const sessionId = parseWith(IdSchema, req.params.id);
    const session = sessionId.ok ? await store.session(sessionId.value) : null;
    if (!session) throw new ProtocolError('not_found', 'no such session');
    const party = await requireParty(store, req, session);
    if (session.state !== 'active') throw new ProtocolError('invalid_state', `the session is ${session.state}`);
    const transfer = await files.relayAccess(session, String(req.params.transferId), party.side, want);
    return { session, transfer };
  }

  mount(api, ops.fileLimits, async (_req, res) => {
    const limits: FileLimits = { maxBytes: files.maxBytes, chunkBytes: FILE_CHUNK_BYTES, relayChunkBytes: FILE_RELAY_CHUNK_BYTES };
    res.json(limits);
  });

  mount(api, ops.listTransfers, async (req, res) => {
    const sessionId = parseWith(IdSchema, req.params.id);
    const session = sessionId.ok ? await store.session(sessionId.value) : null;
    if (!session) throw new ProtocolError('not_found', 'no such session');
    await requireParty(store, req, session);
    const answer: FileListResponse = { transfers: await files.list(session.id) };
    res.json(answer);
  });

  mount(api, ops.putRelayChunk, async (req, res) => {
    // The address first, before any token is looked up; then the session, once it is known to be theirs.
    await uploads.perAddress.consume(uploads.address(req));
    const { session, transfer } = await access(req, 'sender');
    await uploads.perSession.consume(session.id);
    const seq = Number(req.params.seq);
    if (!Number.isInteger(seq) || seq < 0) throw new ProtocolError('bad_message', 'chunk numbers are integers from 0');
    const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (data.byteLength === 0) throw new ProtocolError('bad_message', 'an empty chunk');
    const stored = await files.relay.append(transfer.id, seq, data, transfer.size);
    // Cancelled or failed while this chunk was being written (here or on another node): what it left goes too.
    const now = await files.current(transfer.id);
    if (now?.state !== 'accepted') {
      await files.relay.remove(transfer.id);
      throw new ProtocolError('invalid_state', `the transfer is ${now?.state ?? 'gone'}`);
    }
    if (stored === transfer.size && !now.relayReady) await files.relayUploaded(session, now);
    res.json({ stored });
  });

  mount(api, ops.downloadRelayed, async (req, res) => {
    const { transfer } = await access(req, 'receiver');
    if (!transfer.relayReady) throw new ProtocolError('invalid_state', 'the sender has not uploaded the whole file yet');
    const file = await files.relay.open(transfer.id, transfer.relayBytes);
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('content-length', String(file.size));
    res.setHeader('cache-control', 'no-store');
    file.stream.on('error', () => res.destroy());
    // Relayed files live only until they are fetched.
    res.on('finish', () => void files.relay.remove(transfer.id));
    file.stream.pipe(res);
  });

  return api;
}
