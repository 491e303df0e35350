import { decodeFileFrame, encodeFileFrame, ErrorBodySchema, FILE_CHUNK_BYTES, FILE_MAX_UNVERIFIED_BYTES, FILE_RELAY_CHUNK_BYTES, FILE_WINDOW_CHUNKS, ProtocolError, type FileTransferView } from '@rs/protocol';
import type { ApiTarget } from '../api.ts';
import type { PeerChannel } from '../peer/index.ts';
import { chunkCount, sha256Hex, withTimeout } from './chunks.ts';

/** The data channel's send queue is refilled from LOW to HIGH (`bufferedamountlow`): always full, never more. */
const QUEUE_LOW = 1024 * 1024;
const QUEUE_HIGH = 4 * 1024 * 1024;
/** Bytes sent past the last acknowledged window before the sender waits (half the receiver's bound). */
const MAX_AHEAD = FILE_MAX_UNVERIFIED_BYTES / 2;
/** A channel that neither drains nor acknowledges for this long is as good as closed. */
const IDLE_MS = 15_000;
/** Waits before opening a new direct connection after one broke, one per attempt. */
const RESUME_DELAYS_MS = [100, 500, 1000, 2000];

export interface P2PSend {
  /** Opens a direct `raw` connection to the receiver (again after one broke). */
  connect: () => PeerChannel;
  transferId: string;
  file: Blob;
  /** Verified (acknowledged) bytes. */
  progress: (bytes: number) => void;
  openTimeoutMs: number;
  /** False once the transfer was cancelled, failed or ended elsewhere: nothing is resumed then. */
  active: () => boolean;
  /** A connection that had opened broke; a new one is being opened to resume. */
  resuming?: () => void;
  /** Every chunk put on a channel (a resumed chunk counts again). */
  sent?: (bytes: number) => void;
  /** How long an open connection's receiver has to answer `file.start` (IDLE_MS). */
  answerTimeoutMs?: number;
}

/**
 * Sends a file over direct `raw` data connections (binary frames): `file.start`, the receiver answers
 * where to start (`file.resume`: 0, or the chunks it verified before a connection broke), then chunks of
 * FILE_CHUNK_BYTES with a `file.window` SHA-256 after every FILE_WINDOW_CHUNKS; the receiver acknowledges
 * each window once it checked it. No round trip per chunk: the channel's queue is kept between QUEUE_LOW
 * and QUEUE_HIGH, and at most MAX_AHEAD is sent past the last acknowledgement. The next window is read and
 * hashed while this one goes out. When a connection that had opened breaks, a new one is opened (up to
 * RESUME_DELAYS_MS.length times) and the transfer resumes from the last verified window. Throws when the
 * first connection does not open in `openTimeoutMs`, or the attempts are used up (the caller then uses the relay).
 */
export async function sendP2P(o: P2PSend): Promise<void> {
  let everOpened = false;
  for (let attempt = 0; ; attempt++) {
    const channel = o.connect();
    try {
      await sendOver(channel, o, () => (everOpened = true));
      channel.close();
      return;
    } catch (error) {
      channel.close();
      const broken = error instanceof ProtocolError && (error.code === 'closed' || error.code === 'timeout');
      if (!everOpened || !broken || !o.active() || attempt >= RESUME_DELAYS_MS.length) throw error;
      o.resuming?.();
      await new Promise((r) => setTimeout(r, RESUME_DELAYS_MS[attempt]));
      if (!o.active()) throw error;
    }
  }
}

interface Window {
  /** Chunks [from, to). */
  from: number;
  to: number;
  bytes: Uint8Array;
  sha256: string;
}

async function sendOver(channel: PeerChannel, o: P2PSend, opened: () => void): Promise<void> {
  const { file, transferId } = o;
  await withTimeout(channel.opened, o.openTimeoutMs, 'the direct connection');
  opened();
  const total = chunkCount(file.size, FILE_CHUNK_BYTES);
  let from: number | null = null;
  let acked = -1;
  let sentTo = -1;
  let wake: () => void = () => {};
  let lost = false;
  let bad: ProtocolError | null = null;
  const offMessage = channel.onBytes((raw) => {
    const frame = decodeFileFrame(raw);
    if (!frame.ok || frame.value.transferId !== transferId) return;
    const m = frame.value;
    if (m.type === 'file.resume' && from === null) {
      if (m.seq > total) bad = new ProtocolError('bad_message', `the receiver asked to resume from chunk ${m.seq} of ${total}`);
      else from = m.seq;
    } else if (m.type === 'file.ack' && from !== null && m.seq > acked) {
      if (m.seq > sentTo) bad = new ProtocolError('bad_message', `the receiver acknowledged chunk ${m.seq}, not sent yet`);
      else {
        acked = m.seq;
        o.progress(Math.min(file.size, (acked + 1) * FILE_CHUNK_BYTES));
      }
    } else return;
    wake();
  });
  const offClose = channel.onClose(() => {
    lost = true;
    wake();
  });
  const check = () => {
    if (bad) throw bad;
    if (lost || !channel.isOpen || !o.active()) throw new ProtocolError('closed', 'the direct connection closed');
  };
  const waitFor = async (ready: () => boolean, what: string, ms = IDLE_MS) => {
    for (check(); !ready(); check()) await withTimeout(new Promise<void>((resolve) => (wake = resolve)), ms, what);
  };
  const read = async (start: number): Promise<Window> => {
    const to = Math.min(total, start - (start % FILE_WINDOW_CHUNKS) + FILE_WINDOW_CHUNKS);
    const bytes = new Uint8Array(await file.slice(start * FILE_CHUNK_BYTES, to * FILE_CHUNK_BYTES).arrayBuffer());
    return { from: start, to, bytes, sha256: await sha256Hex(bytes) };
  };
  let next: Promise<Window> | null = null;
  try {
    channel.sendBytes(encodeFileFrame({ type: 'file.start', transferId }));
    // A receiver that never answers (an older version without `file.resume`) will not take these frames: the relay will.
    await waitFor(() => from !== null, "the receiver's answer", o.answerTimeoutMs).catch((error: unknown) => {
      throw error instanceof ProtocolError && error.code === 'timeout' ? new ProtocolError('incompatible', `the receiver did not answer: ${error.message}`) : error;
    });
    const start = from!;
    acked = start - 1;
    sentTo = start - 1;
    o.progress(Math.min(file.size, start * FILE_CHUNK_BYTES));
    next = start < total ? read(start) : null;
    while (next) {
      const w: Window = await next;
      // The next window is read and hashed while this one goes out.
      next = w.to < total ? read(w.to) : null;
      next?.catch(() => {});
      for (let seq = w.from; seq < w.to; seq++) {
        for (check(); ; check()) {
          if (channel.bufferedAmount > QUEUE_HIGH) await withTimeout(channel.drained(QUEUE_LOW), IDLE_MS, 'the data channel to drain');
          else if ((seq - acked) * FILE_CHUNK_BYTES > MAX_AHEAD) await waitFor(() => (seq - acked) * FILE_CHUNK_BYTES <= MAX_AHEAD, 'an acknowledgement');
          else break;
        }
        const offset = (seq - w.from) * FILE_CHUNK_BYTES;
        const data = w.bytes.subarray(offset, offset + FILE_CHUNK_BYTES);
        channel.sendBytes(encodeFileFrame({ type: 'file.chunk', transferId, seq, data }));
        sentTo = seq;
        o.sent?.(data.byteLength);
      }
      channel.sendBytes(encodeFileFrame({ type: 'file.window', transferId, seq: w.to - 1, sha256: w.sha256 }));
    }
    await waitFor(() => acked >= total - 1, 'the last acknowledgement');
  } finally {
    offMessage();
    offClose();
  }
}

const relayPath = (sessionId: string, transferId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/files/${transferId}`;

/** Waits before sending a relay chunk again after its request failed on the way (the socket dropped, the server restarted). */
const RELAY_RETRY_MS = [250, 500, 1000, 2000, 4000];

/**
 * Uploads a file to the server's relay in order, FILE_RELAY_CHUNK_BYTES per request. A request that fails on the
 * way (no answer: the connection dropped) is sent again, up to RELAY_RETRY_MS.length times, and the upload goes on
 * from there: the relay acknowledges a repeat of the chunk it took last. An answer that refuses the chunk ends it.
 */
export async function uploadRelay(
  target: ApiTarget & { token: string },
  sessionId: string,
  transferId: string,
  file: Blob,
  progress: (bytes: number) => void,
  active: () => boolean,
  retrying: () => void = () => {},
): Promise<void> {
  const total = chunkCount(file.size, FILE_RELAY_CHUNK_BYTES);
  for (let seq = 0; seq < total; seq++) {
    const body = file.slice(seq * FILE_RELAY_CHUNK_BYTES, (seq + 1) * FILE_RELAY_CHUNK_BYTES);
    for (let attempt = 0; ; attempt++) {
      if (!active()) throw new ProtocolError('closed', 'the transfer was stopped');
      const res = await fetch(`${target.serverUrl}${relayPath(sessionId, transferId)}/chunks/${seq}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/octet-stream' },
        body,
        credentials: 'omit',
      }).catch((error: unknown) => {
        if (attempt >= RELAY_RETRY_MS.length) throw error;
        return null;
      });
      if (res && !res.ok) await failed(res);
      if (res) break;
      retrying();
      await new Promise((r) => setTimeout(r, RELAY_RETRY_MS[attempt]));
    }
    progress(Math.min(file.size, (seq + 1) * FILE_RELAY_CHUNK_BYTES));
  }
}

/** Downloads a relayed file, never more than the offer announced; progress per read. */
export async function downloadRelay(target: ApiTarget & { token: string }, sessionId: string, view: FileTransferView, progress: (bytes: number) => void): Promise<Blob> {
  const res = await fetch(target.serverUrl + relayPath(sessionId, view.id), { headers: { authorization: `Bearer ${target.token}` }, credentials: 'omit' });
  if (!res.ok || !res.body) await failed(res);
  const reader = res.body!.getReader();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > view.size) {
      await reader.cancel();
      throw new ProtocolError('too_large', 'the relay sent more bytes than the file announced');
    }
    parts.push(value);
    progress(bytes);
  }
  return new Blob(parts as BlobPart[], { type: 'application/octet-stream' });
}

async function failed(res: Response): Promise<never> {
  const body = ErrorBodySchema.safeParse(await res.json().catch(() => null));
  if (body.success) throw new ProtocolError(body.data.error.code, body.data.error.message);
  throw new ProtocolError('internal', `The support server answered HTTP ${res.status}`);
}
