import { createReadStream } from 'node:fs';
import { appendFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where recording bytes live. Parts arrive in order, numbered from 0; a
 * recording is read back as the concatenation of its parts. Local disk is the
 * default; an S3-compatible store implements the same interface (one object
 * per part, or a multipart upload completed at `finish`).
 */
export interface RecordingStorage {
  /** Stores part `index` of recording `key`; the caller guarantees parts come in order, each once. */
  putPart(key: string, index: number, data: Uint8Array): Promise<void>;
  /** No more parts will come. */
  finish(key: string): Promise<void>;
  /** The whole recording so far, as one stream; null when nothing was stored. */
  open(key: string): Promise<{ stream: Readable; size: number } | null>;
}

const SAFE_KEY = /^[A-Za-z0-9_-]{8,64}$/;

/** One file per recording under a folder: parts are appended, so what was uploaded is on disk at once. */
export class LocalDiskStorage implements RecordingStorage {
  readonly #dir: string;
  #ready: Promise<unknown> | null = null;

  constructor(dir: string) {
    this.#dir = dir;
  }

  #file(key: string): string {
    if (!SAFE_KEY.test(key)) throw new Error(`unsafe recording key ${JSON.stringify(key)}`);
    return join(this.#dir, `${key}.webm`);
  }

  async putPart(key: string, index: number, data: Uint8Array): Promise<void> {
    this.#ready ??= mkdir(this.#dir, { recursive: true });
    await this.#ready;
    const file = this.#file(key);
    if (index === 0) await writeFile(file, data);
    else await appendFile(file, data);
  }

  async finish(_key: string): Promise<void> {
    // Appends are already durable in the file; nothing to assemble.
  }

  async open(key: string): Promise<{ stream: Readable; size: number } | null> {
    const file = this.#file(key);
    const info = await stat(file).catch(() => null);
    if (!info) return null;
    return { stream: createReadStream(file), size: info.size };
  }
}
