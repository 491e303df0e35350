import { createReadStream, type ReadStream } from 'node:fs';
import { appendFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ProtocolError, TransferIdSchema } from '@rs/protocol';

/**
 * The relay's temporary files on local disk, one per transfer, named by the
 * transfer id (validated hex, so no path can be smuggled in). Chunks are
 * appended strictly in order; the file is deleted after the download or when
 * the transfer ends.
 */
export class RelayStore {
  readonly #dir: string;
  readonly #next = new Map<string, { seq: number; bytes: number }>();

  constructor(dir: string) {
    this.#dir = dir;
  }

  #path(transferId: string): string {
    if (!TransferIdSchema.safeParse(transferId).success) throw new ProtocolError('not_found', 'no such transfer');
    return join(this.#dir, `${transferId}.part`);
  }

  /** Appends chunk `seq`; a repeat of the last one is acknowledged again, a gap is `conflict`. Returns the bytes stored. */
  async append(transferId: string, seq: number, data: Buffer, limit: number): Promise<number> {
    const at = this.#next.get(transferId) ?? { seq: 0, bytes: 0 };
    if (seq === at.seq - 1) return at.bytes;
    if (seq !== at.seq) throw new ProtocolError('conflict', `expected chunk ${at.seq}, got ${seq}`);
    if (at.bytes + data.byteLength > limit) throw new ProtocolError('too_large', 'more bytes than the file announced');
    await mkdir(this.#dir, { recursive: true });
    await appendFile(this.#path(transferId), data);
    const next = { seq: seq + 1, bytes: at.bytes + data.byteLength };
    this.#next.set(transferId, next);
    return next.bytes;
  }

  /** At start-up: transfers live in memory, so whatever a previous run left here belongs to no one. */
  async clear(): Promise<void> {
    // Only our own files: the folder may be one an administrator shares with other things.
    const names = await readdir(this.#dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => /^[0-9a-f]{32}\.part$/.test(n)).map((n) => rm(join(this.#dir, n), { force: true })));
    this.#next.clear();
  }

  async open(transferId: string): Promise<{ size: number; stream: ReadStream }> {
    const path = this.#path(transferId);
    const info = await stat(path).catch(() => null);
    if (!info) throw new ProtocolError('not_found', 'the file is not on the relay');
    return { size: info.size, stream: createReadStream(path) };
  }

  async remove(transferId: string): Promise<void> {
    this.#next.delete(transferId);
    await rm(this.#path(transferId), { force: true });
  }
}
