import { decodeFileFrame, encodeFileFrame, ErrorBodySchema, FILE_CHUNK_BYTES, FILE_RELAY_CHUNK_BYTES, ProtocolError, type FileTransferView } from '@rs/protocol';
import type { ApiTarget } from '../api.ts';
import type { PeerChannel } from '../peer/index.ts';
import { chunkCount, withTimeout } from './chunks.ts';

/** Chunks in flight before the sender waits for acknowledgements (1 MiB): bounded memory on both sides. */
const WINDOW = 16;

/**
 * Sends a file over a direct `raw` data connection (binary frames): `file.start`, then
 * 64 KB chunks, at most WINDOW unacknowledged. Progress counts acknowledged
 * bytes. Throws when the channel does not open in `openTimeoutMs` or closes
 * before the last acknowledgement (the caller then uses the relay).
 */
export async function sendP2P(
  channel: PeerChannel,
  transferId: string,
  file: Blob,
  progress: (bytes: number) => void,
  openTimeoutMs: number,
  active: () => boolean,
): Promise<void> {
  try {
    await withTimeout(channel.opened, openTimeoutMs, 'the direct connection');
    const total = chunkCount(file.size, FILE_CHUNK_BYTES);
    let acked = -1;
    let wake: () => void = () => {};
    let lost = false;
    const offMessage = channel.onBytes((raw) => {
      const frame = decodeFileFrame(raw);
      if (!frame.ok) return;
      const m = frame.value;
      if (m.type !== 'file.ack' || m.transferId !== transferId || m.seq <= acked) return;
      acked = Math.min(m.seq, total - 1);
      progress(Math.min(file.size, (acked + 1) * FILE_CHUNK_BYTES));
      wake();
    });
    const offClose = channel.onClose(() => {
      lost = true;
      wake();
    });
    const waitFor = async (ready: () => boolean) => {
      while (!ready()) {
        if (lost || !active()) throw new ProtocolError('closed', 'the direct connection closed');
        // An idle channel that never acknowledges is as good as closed.
        await withTimeout(new Promise<void>((resolve) => (wake = resolve)), 15_000, 'an acknowledgement');
      }
    };
    const reader = new BlockReader(file);
    try {
      channel.sendBytes(encodeFileFrame({ type: 'file.start', transferId }));
      for (let seq = 0; seq < total; seq++) {
        await waitFor(() => seq - acked <= WINDOW);
        const data = await reader.chunk(seq);
        if (!channel.isOpen) throw new ProtocolError('closed', 'the direct connection closed');
        channel.sendBytes(encodeFileFrame({ type: 'file.chunk', transferId, seq, data }));
      }
      await waitFor(() => acked === total - 1);
    } finally {
      offMessage();
      offClose();
    }
  } catch (error) {
    channel.close();
    throw error;
  }
}

/** Reads the file 1 MiB at a time (each Blob read is a round trip to the browser's blob store) and hands out chunks. */
class BlockReader {
  static readonly BLOCK = 16 * FILE_CHUNK_BYTES;
  readonly #file: Blob;
  #start = -1;
  #block = new Uint8Array(0);

  constructor(file: Blob) {
    this.#file = file;
  }

  async chunk(seq: number): Promise<Uint8Array> {
    const from = seq * FILE_CHUNK_BYTES;
    const start = Math.floor(from / BlockReader.BLOCK) * BlockReader.BLOCK;
    if (start !== this.#start) {
      this.#block = new Uint8Array(await this.#file.slice(start, start + BlockReader.BLOCK).arrayBuffer());
      this.#start = start;
    }
    return this.#block.slice(from - start, from - start + FILE_CHUNK_BYTES);
  }
}

const relayPath = (sessionId: string, transferId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/files/${transferId}`;

/** Uploads a file to the server's relay in order, FILE_RELAY_CHUNK_BYTES per request. */
export async function uploadRelay(
  target: ApiTarget & { token: string },
  sessionId: string,
  transferId: string,
  file: Blob,
  progress: (bytes: number) => void,
  active: () => boolean,
): Promise<void> {
  const total = chunkCount(file.size, FILE_RELAY_CHUNK_BYTES);
  for (let seq = 0; seq < total; seq++) {
    if (!active()) throw new ProtocolError('closed', 'the transfer was stopped');
    const body = file.slice(seq * FILE_RELAY_CHUNK_BYTES, (seq + 1) * FILE_RELAY_CHUNK_BYTES);
    const res = await fetch(`${target.serverUrl}${relayPath(sessionId, transferId)}/chunks/${seq}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/octet-stream' },
      body,
      credentials: 'omit',
    });
    if (!res.ok) await failed(res);
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
