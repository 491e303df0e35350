import { z } from 'zod';
import { FILE_RELAY_CHUNK_BYTES, FileLimitsSchema, FileListResponseSchema, IdSchema, RelayChunkResponseSchema, TransferIdSchema } from '@rs/protocol';
import { operation } from '../http/operation.ts';

export const fileLimits = operation({
  method: 'get', path: '/api/files/limits', operationId: 'fileLimits', tag: 'Files', auth: 'none',
  summary: 'What the server accepts (`FILE_MAX_BYTES`, peer and relay chunk sizes), for the receiver\'s own check',
  responses: { 200: FileLimitsSchema },
});

export const listTransfers = operation({
  method: 'get', path: '/api/sessions/:id/files', operationId: 'listTransfers', tag: 'Files', auth: 'party',
  summary: 'Every transfer of the session, for a page that reconnects',
  params: { id: IdSchema },
  responses: { 200: FileListResponseSchema },
});

export const putRelayChunk = operation({
  method: 'put', path: '/api/sessions/:id/files/:transferId/chunks/:seq', operationId: 'putRelayChunk', tag: 'Files', auth: 'party',
  summary: "The transfer's sender uploads one chunk to the relay, in order from 0",
  description:
    'Only for an `accepted` transfer with `files` granted (403 otherwise, and the transfer fails). A repeat is acknowledged again, a gap is 409; more bytes than offered is 413; ' +
    'past `RELAY_MAX_BYTES_PER_SESSION` or `RELAY_MAX_BYTES_TOTAL`, 409 `limit_reached`. The last byte makes the transfer `relayReady`.',
  params: { id: IdSchema, transferId: TransferIdSchema, seq: z.number().int().nonnegative() },
  body: { raw: ['application/octet-stream'], maxBytes: FILE_RELAY_CHUNK_BYTES + 1024, anyType: true, description: 'The chunk' },
  responses: { 200: RelayChunkResponseSchema },
  errors: ['forbidden', 'invalid_state', 'conflict', 'limit_reached', 'rate_limited'],
});

export const downloadRelayed = operation({
  method: 'get', path: '/api/sessions/:id/files/:transferId', operationId: 'downloadRelayed', tag: 'Files', auth: 'party',
  summary: "The transfer's receiver downloads the relayed file; the server deletes it after",
  description: '409 `invalid_state` before the transfer is `relayReady`.',
  params: { id: IdSchema, transferId: TransferIdSchema },
  responses: { 200: { raw: ['application/octet-stream'], description: 'The file' } },
  errors: ['forbidden', 'invalid_state'],
});

export const filesOperations = [fileLimits, listTransfers, putRelayChunk, downloadRelayed];
