import { createReadStream, type ReadStream } from 'node:fs';
import { appendFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ProtocolError, TransferIdSchema } from '@rs/protocol';
import { KeyedSerial } from '../store/sql.ts';

/** Bytes the relay may take: over one session's life, and held on disk at once over all sessions. */
export interface RelayQuota {
  perSession: number;
  total: number;
}

/**
 * The relay's temporary files on local disk, one per transfer, named by the
 * transfer id (validated hex, so no path can be smuggled in). Chunks are
 * appended strictly in order, one at a time per transfer (racing uploads of
 * one transfer wait their turn, so none can pass the offered size); the file
 * is deleted after the download or when the transfer ends.
 */
export class RelayStore {
  readonly #dir: string;
  readonly #quota: RelayQuota;
  readonly #next = new Map<string, { seq: number; bytes: number }>();
  readonly #serial = new KeyedSerial();
  /** Bytes relayed per session so far (forgotten when the session ends). */
  readonly #sessionBytes = new Map<string, number>();
  /** Bytes in the relay's files right now. */
  #held = 0;

  constructor(dir: string, quota: RelayQuota = { perSession: Number.MAX_SAFE_INTEGER, total: Number.MAX_SAFE_INTEGER }) {
    this.#dir = dir;
    this.#quota = quota;
  }

  #path(transferId: string): string {
    if (!TransferIdSchema.safeParse(transferId).success) throw new ProtocolError('not_found', 'no such transfer');
    return join(this.#dir, `${transferId}.part`);
  }

  /**
   * Appends chunk `seq` of a session's transfer; a repeat of the last one is acknowledged again, a gap is
   * `conflict`, more than `limit` bytes `too_large`, past the relay's quota `limit_reached`. Returns the bytes stored.
   */
  append(sessionId: string, transferId: string, seq: number, data: Buffer, limit: number): Promise<number> {
    return this.#serial.run(transferId, async () => {
      const at = this.#next.get(transferId) ?? { seq: 0, bytes: 0 };
      if (seq === at.seq - 1) return at.bytes;
      if (seq !== at.seq) throw new ProtocolError('conflict', `expected chunk ${at.seq}, got ${seq}`);
      if (at.bytes + data.byteLength > limit) throw new ProtocolError('too_large', 'more bytes than the file announced');
      const relayed = this.#sessionBytes.get(sessionId) ?? 0;
      if (relayed + data.byteLength > this.#quota.perSession) throw new ProtocolError('limit_reached', 'This session has sent as much through the server as it may.');
      if (this.#held + data.byteLength > this.#quota.total) throw new ProtocolError('limit_reached', 'The server cannot hold more relayed files now. Try again later.');
      // Counted before the write, so concurrent transfers cannot overshoot the quotas while it runs.
      this.#sessionBytes.set(sessionId, relayed + data.byteLength);
      this.#held += data.byteLength;
      const next = { seq: seq + 1, bytes: at.bytes + data.byteLength };
      this.#next.set(transferId, next);
      try {
        await mkdir(this.#dir, { recursive: true });
        await appendFile(this.#path(transferId), data);
      } catch (err) {
        this.#next.set(transferId, at);
        this.#held -= data.byteLength;
        this.#sessionBytes.set(sessionId, relayed);
        throw err;
      }
      return next.bytes;
    });
  }

  /** The session ended: its relayed-bytes count goes (its files go with `remove`). */
  forgetSession(sessionId: string): void {
    this.#sessionBytes.delete(sessionId);
  }

  /** At start-up: transfers live in memory, so whatever a previous run left here belongs to no one. */
  async clear(): Promise<void> {
    // Only our own files: the folder may be one an administrator shares with other things.
    const names = await readdir(this.#dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => /^[0-9a-f]{32}\.part$/.test(n)).map((n) => rm(join(this.#dir, n), { force: true })));
    this.#next.clear();
    this.#held = 0;
  }

  async open(transferId: string): Promise<{ size: number; stream: ReadStream }> {
    const path = this.#path(transferId);
    const info = await stat(path).catch(() => null);
    if (!info) throw new ProtocolError('not_found', 'the file is not on the relay');
    return { size: info.size, stream: createReadStream(path) };
  }

  async remove(transferId: string): Promise<void> {
    // After any chunk still being written, so its bytes are deleted and uncounted too.
    await this.#serial.run(transferId, async () => {
      this.#held -= this.#next.get(transferId)?.bytes ?? 0;
      this.#next.delete(transferId);
      await rm(this.#path(transferId), { force: true });
    });
  }
}
