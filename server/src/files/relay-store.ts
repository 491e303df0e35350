import { createReadStream, type ReadStream } from 'node:fs';
import { appendFile, mkdir, readdir, rm, stat, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { ProtocolError, TransferIdSchema } from '@rs/protocol';
import { KeyedSerial } from '../store/sql.ts';
import type { Store } from '../store/store.ts';
import type { FilesStore, RelayRefusal } from '../store/files-store.ts';

/** Bytes the relay may take: over one session's life, and held on disk at once over all sessions. */
export interface RelayQuota {
  perSession: number;
  total: number;
}

const UNLIMITED: RelayQuota = { perSession: Number.MAX_SAFE_INTEGER, total: Number.MAX_SAFE_INTEGER };
const PART = /^([0-9a-f]{32})\.part$/;

const REFUSED: Record<RelayRefusal, () => ProtocolError> = {
  moved: () => new ProtocolError('conflict', 'another upload of this chunk got there first'),
  session_quota: () => new ProtocolError('limit_reached', 'This session has sent as much through the server as it may.'),
  total_quota: () => new ProtocolError('limit_reached', 'The server cannot hold more relayed files now. Try again later.'),
};

/**
 * The relay's temporary files, one per transfer, named by the transfer id
 * (validated hex, so no path can be smuggled in), in FILE_RELAY_DIR: with
 * several nodes, a volume they share (like the recordings folder). What the
 * relay holds (the next chunk, bytes per transfer, per session, in total) is
 * in the store, so every node and a restarted one count the same. Chunks are
 * appended strictly in order, one writer per transfer on any node (a lock in
 * the store); the bytes are written first and then counted, so a crash in
 * between leaves only uncounted bytes past the counted end, cut off before
 * the next append.
 */
export class RelayStore {
  readonly #dir: string;
  readonly #store: Store;
  readonly #quota: RelayQuota;
  readonly #serial = new KeyedSerial();

  constructor(dir: string, store: Store, quota: RelayQuota = UNLIMITED) {
    this.#dir = dir;
    this.#store = store;
    this.#quota = quota;
  }

  #path(transferId: string): string {
    if (!TransferIdSchema.safeParse(transferId).success) throw new ProtocolError('not_found', 'no such transfer');
    return join(this.#dir, `${transferId}.part`);
  }

  /**
   * Appends chunk `seq` of a transfer; a repeat of the last one is acknowledged again, a gap is
   * `conflict`, more than `limit` bytes `too_large`, past the relay's quota `limit_reached`. Returns the bytes stored.
   */
  async append(transferId: string, seq: number, data: Buffer, limit: number): Promise<number> {
    const path = this.#path(transferId);
    return this.#locked(transferId, async (files) => {
      const at = await files.transfer(transferId);
      if (!at) throw new ProtocolError('not_found', 'no such transfer');
      if (seq === at.relaySeq - 1) return at.relayBytes;
      if (seq !== at.relaySeq) throw new ProtocolError('conflict', `expected chunk ${at.relaySeq}, got ${seq}`);
      if (at.relayBytes + data.byteLength > limit) throw new ProtocolError('too_large', 'more bytes than the file announced');
      await mkdir(this.#dir, { recursive: true });
      await this.#cutTo(path, at.relayBytes);
      await appendFile(path, data);
      const counted = await files.countRelayChunk(transferId, seq, data.byteLength, this.#quota).catch(async (err: unknown) => {
        await this.#cutTo(path, at.relayBytes).catch(() => undefined);
        throw err;
      });
      if ('refused' in counted) {
        await this.#cutTo(path, at.relayBytes);
        throw REFUSED[counted.refused]();
      }
      return counted.stored;
    });
  }

  /** One writer per relay file: in this process (a queue), and across nodes sharing the folder (a lock in the store). */
  #locked<T>(transferId: string, fn: (files: FilesStore) => Promise<T>): Promise<T> {
    return this.#serial.run(transferId, () => this.#store.files.relayLock(transferId, fn));
  }

  /** Drops bytes past `bytes` (written, never counted); a file shorter than its count lost chunks: the upload cannot go on. */
  async #cutTo(path: string, bytes: number): Promise<void> {
    const size = (await stat(path).catch(() => null))?.size ?? 0;
    // Nothing counted: no file at all (a refused first chunk leaves none behind).
    if (bytes === 0) await rm(path, { force: true });
    else if (size > bytes) await truncate(path, bytes);
    else if (size < bytes) throw new ProtocolError('conflict', 'the relayed part of this file is gone; cancel and send it again');
  }

  /**
   * At start-up: deletes only files no open transfer holds (unknown ids, transfers that ended, sessions that
   * closed). Other nodes' files of transfers still moving stay: the folder may be shared by every node.
   */
  async sweep(): Promise<void> {
    const names = await readdir(this.#dir).catch(() => [] as string[]);
    for (const name of names) {
      const id = PART.exec(name)?.[1];
      if (!id) continue;
      const transfer = await this.#store.files.transfer(id);
      const session = transfer ? await this.#store.session(transfer.sessionId) : null;
      if (transfer?.state === 'accepted' && session && session.state !== 'closed') continue;
      await this.remove(id);
    }
  }

  /** The counted bytes of the transfer's file (never a tail a crash left uncounted). */
  async open(transferId: string, bytes: number): Promise<{ size: number; stream: ReadStream }> {
    const path = this.#path(transferId);
    const info = await stat(path).catch(() => null);
    if (!info || info.size < bytes || bytes <= 0) throw new ProtocolError('not_found', 'the file is not on the relay');
    return { size: bytes, stream: createReadStream(path, { start: 0, end: bytes - 1 }) };
  }

  /** Deletes the transfer's file (after any chunk still being written here) and stops counting its bytes. */
  async remove(transferId: string): Promise<void> {
    const path = this.#path(transferId);
    await this.#locked(transferId, async (files) => {
      await rm(path, { force: true });
      await files.releaseRelay(transferId);
    });
  }
}
