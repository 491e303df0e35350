import { z } from 'zod';
import { IdSchema, RequestIdSchema, TimestampSchema, lineText } from './common.ts';
import type { Parsed } from './parse.ts';

/**
 * File transfer. The control plane (offer, answer, outcome) goes over the live
 * socket and the server keeps each transfer's state; the bytes go peer to peer
 * (binary frames on a `raw` data connection) or, when no direct
 * connection opens, through the server's relay (`/api/sessions/:id/files/...`).
 */

/**
 * Bytes per peer-to-peer chunk message: 128 KiB plus the frame's header stays under the 256 KiB SCTP message
 * size Chromium announces (Firefox allows more), and every chunk but the last is exactly this long, so a
 * chunk number is an offset (what a resumed transfer relies on).
 */
export const FILE_CHUNK_BYTES = 128 * 1024;
/** Chunks per window (1 MiB): the sender announces each window's SHA-256, the receiver checks it and acknowledges the window once. */
export const FILE_WINDOW_CHUNKS = 8;
/** Most bytes a receiver holds that it has not verified yet (a sender that sends more is refused): bounded memory. */
export const FILE_MAX_UNVERIFIED_BYTES = 16 * 1024 * 1024;
/** Bytes per relay upload request. */
export const FILE_RELAY_CHUNK_BYTES = 512 * 1024;
/** Longest file name kept after sanitising (UTF-16 code units). */
export const FILE_NAME_MAX_CHARS = 120;

/** A transfer id, chosen by the offering client (random, 128 bits, hex). */
export const TransferIdSchema = z.string().regex(/^[0-9a-f]{32}$/);
/** Lower-case hex SHA-256 of the whole file. */
export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * A file name from the other side, made safe to show and to save: no folders
 * (only the last path segment), no control or bidi-override characters, no
 * leading dots or trailing dots/spaces, at most FILE_NAME_MAX_CHARS (keeping the
 * extension). Never empty. It is still rendered as text, never HTML.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // C0/C1 controls, DEL, bidi overrides and isolates, zero-width joiners/spaces, BOM.
  let name = base.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '');
  name = name.replace(/[<>:"|?*]/g, '_').trim().replace(/^\.+/, '').replace(/[. ]+$/, '');
  if (name.length > FILE_NAME_MAX_CHARS) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = name.slice(0, FILE_NAME_MAX_CHARS - ext.length).trimEnd() + ext;
  }
  return name || 'file';
}

/** "12 KB", "4.8 MB": sizes for people (1 KB = 1024 bytes). */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

/** either party -> server request (empty reply): offer a file to the other party, who sees it `offered`. Refused over the size limit. */
export const FileOfferSchema = z.object({
  type: z.literal('file.offer'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  transferId: TransferIdSchema,
  name: lineText(1000, { min: 1 }),
  size: z.number().int().positive(),
  sha256: Sha256Schema,
});

/**
 * receiving party -> server request (empty reply): Accept file or Decline file. Accepting records the `files`
 * permission as granted by the customer (their offer or their acceptance is the consent); a representative
 * accepting needs `files` granted, so a revoke (STOP SHARING) refuses it.
 */
export const FileAnswerSchema = z.object({
  type: z.literal('file.answer'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  transferId: TransferIdSchema,
  accept: z.boolean(),
});

export const FileRouteSchema = z.enum(['p2p', 'relay']);
export type FileRoute = z.infer<typeof FileRouteSchema>;

/** either party -> server request (empty reply): the outcome. `completed` only from the receiver, after its SHA-256 check. */
export const FileReportSchema = z.object({
  type: z.literal('file.report'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  transferId: TransferIdSchema,
  outcome: z.enum(['completed', 'failed']),
  route: FileRouteSchema,
  /** Shown to the other party: cleaned like every free text. */
  error: lineText(300).optional(),
});

/** either party -> server request (empty reply): Cancel a transfer that is offered or moving. Both sides stop; relayed bytes are deleted. */
export const FileCancelSchema = z.object({
  type: z.literal('file.cancel'),
  id: RequestIdSchema,
  sessionId: IdSchema,
  transferId: TransferIdSchema,
});

export const FileStateSchema = z.enum(['offered', 'accepted', 'declined', 'completed', 'failed', 'cancelled']);
export type FileState = z.infer<typeof FileStateSchema>;

/** One transfer as the server holds it; `by`/`at` say who made the last change and when. */
export const FileTransferViewSchema = z.object({
  id: TransferIdSchema,
  from: z.enum(['customer', 'rep']),
  senderName: z.string(),
  name: z.string(),
  size: z.number().int().positive(),
  sha256: Sha256Schema,
  state: FileStateSchema,
  route: FileRouteSchema.nullable(),
  /** The whole file is on the server's relay, ready for the receiver. */
  relayReady: z.boolean(),
  by: z.enum(['customer', 'rep', 'system']),
  at: TimestampSchema,
  error: z.string().nullable(),
});
export type FileTransferView = z.infer<typeof FileTransferViewSchema>;

/** server -> both parties notice: a transfer changed. */
export const FileNoticeSchema = z.object({ type: z.literal('file'), sessionId: IdSchema, transfer: FileTransferViewSchema });
export type FileNotice = z.infer<typeof FileNoticeSchema>;

/** GET /api/sessions/:id/files (either party): every transfer of the session, for a page that (re)connects. */
export const FileListResponseSchema = z.object({ transfers: z.array(FileTransferViewSchema) });
export type FileListResponse = z.infer<typeof FileListResponseSchema>;

/** GET /api/files/limits (anyone): what the server accepts, for the receiver's own check. */
export const FileLimitsSchema = z.object({ maxBytes: z.number().int().positive(), chunkBytes: z.number().int().positive(), relayChunkBytes: z.number().int().positive() });
export type FileLimits = z.infer<typeof FileLimitsSchema>;

/** PUT /api/sessions/:id/files/:transferId/chunks/:seq (the sender): the bytes the relay holds for the transfer after this chunk. */
export const RelayChunkResponseSchema = z.object({ stored: z.number().int().nonnegative() });

// ---- peer data connection (raw serialization, binary frames) ------------------

/**
 * File bytes travel on a PeerJS `raw` data connection as binary frames (no
 * per-message serialisation cost): byte 0 the kind, bytes 1-16 the transfer
 * id, bytes 17-20 a chunk number (big-endian), then the kind's payload:
 * - 1 `file.start` (sender): this connection carries the transfer; no payload.
 * - 6 `file.resume` (receiver's answer to start): send from chunk `seq`, the
 *   number of chunks it has verified (0 for a fresh transfer); no payload.
 * - 2 `file.chunk`: chunk `seq`, 1 to FILE_CHUNK_BYTES bytes.
 * - 4 `file.window`: the chunks after the previous window, up to and including
 *   `seq`, are a window; the payload is their SHA-256 (32 bytes).
 * - 3 `file.ack` (receiver): every chunk up to and including `seq` is verified
 *   (sent once per window, not per chunk); no payload.
 * Kind 5 is never sent (reserved).
 */
export type FileFrame =
  | { type: 'file.start'; transferId: string }
  | { type: 'file.chunk'; transferId: string; seq: number; data: Uint8Array }
  | { type: 'file.ack'; transferId: string; seq: number }
  | { type: 'file.window'; transferId: string; seq: number; sha256: string }
  | { type: 'file.resume'; transferId: string; seq: number };

const FRAME_KINDS = ['file.start', 'file.chunk', 'file.ack', 'file.window', null, 'file.resume'] as const;
const FRAME_HEADER = 21;
/** Bytes of a `file.window` payload. */
const SHA256_BYTES = 32;

const hexToBytes = (hex: string, out: Uint8Array, at: number) => {
  for (let i = 0; i < hex.length / 2; i++) out[at + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
};
const bytesToHex = (bytes: Uint8Array) => {
  let hex = '';
  for (const b of bytes) hex += (b < 16 ? '0' : '') + b.toString(16);
  return hex;
};

export function encodeFileFrame(frame: FileFrame): Uint8Array {
  const payload = frame.type === 'file.chunk' ? frame.data.byteLength : frame.type === 'file.window' ? SHA256_BYTES : 0;
  const out = new Uint8Array(FRAME_HEADER + payload);
  out[0] = FRAME_KINDS.indexOf(frame.type) + 1;
  hexToBytes(frame.transferId, out, 1);
  new DataView(out.buffer).setUint32(17, frame.type === 'file.start' ? 0 : frame.seq);
  if (frame.type === 'file.chunk') out.set(frame.data, FRAME_HEADER);
  if (frame.type === 'file.window') hexToBytes(frame.sha256, out, FRAME_HEADER);
  return out;
}

/** Reads one frame from the other side (untrusted); never throws. Whether `seq` fits the file is the transfer's check. */
export function decodeFileFrame(raw: unknown): Parsed<FileFrame> {
  const bytes = raw instanceof ArrayBuffer ? new Uint8Array(raw) : raw instanceof Uint8Array ? raw : null;
  if (!bytes || bytes.byteLength < FRAME_HEADER) return { ok: false, error: { code: 'bad_message', message: 'not a file frame' } };
  const type = FRAME_KINDS[(bytes[0] ?? 0) - 1];
  if (!type) return { ok: false, error: { code: 'unknown_type', message: `unknown file frame kind ${bytes[0]}` } };
  const transferId = bytesToHex(bytes.subarray(1, 17));
  const seq = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(17);
  const data = bytes.subarray(FRAME_HEADER);
  if (type === 'file.chunk') {
    if (data.byteLength === 0 || data.byteLength > FILE_CHUNK_BYTES) return { ok: false, error: { code: 'bad_message', message: 'a chunk must carry 1 to FILE_CHUNK_BYTES bytes' } };
    return { ok: true, value: { type, transferId, seq, data } };
  }
  if (type === 'file.window') {
    if (data.byteLength !== SHA256_BYTES) return { ok: false, error: { code: 'bad_message', message: 'a window carries its 32-byte SHA-256' } };
    return { ok: true, value: { type, transferId, seq, sha256: bytesToHex(data) } };
  }
  if (data.byteLength > 0) return { ok: false, error: { code: 'bad_message', message: `${type} carries no bytes` } };
  if (type === 'file.start') return seq === 0 ? { ok: true, value: { type, transferId } } : { ok: false, error: { code: 'bad_message', message: 'file.start has no chunk number' } };
  return { ok: true, value: { type, transferId, seq } };
}
