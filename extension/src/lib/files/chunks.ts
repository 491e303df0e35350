import { FILE_CHUNK_BYTES, FILE_MAX_UNVERIFIED_BYTES, ProtocolError } from '@rs/protocol';

/** How many chunks a file of `size` bytes makes. */
export const chunkCount = (size: number, chunkBytes: number): number => Math.ceil(size / chunkBytes);

/** Lower-case hex SHA-256 of some bytes (Web Crypto). */
export async function sha256Hex(data: ArrayBuffer | Uint8Array | Blob): Promise<string> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes as ArrayBuffer);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A random transfer id: 128 bits, hex. */
export function newTransferId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Bytes of chunk `seq` of a file of `size` bytes (every chunk is FILE_CHUNK_BYTES but the last). */
export const chunkLength = (size: number, seq: number): number => Math.min(FILE_CHUNK_BYTES, size - seq * FILE_CHUNK_BYTES);

/** Raw SHA-256 of several parts in order, as one (Web Crypto has no incremental digest: the window is at most a few MiB). */
export async function sha256OfParts(parts: readonly Uint8Array[]): Promise<string> {
  const bytes = parts.length === 1 ? parts[0]! : concat(parts);
  return sha256Hex(bytes);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * The receiver's side of a chunked file, verified by windows: chunks strictly
 * in order, each exactly as long as its place in the file says (so chunk
 * numbers are offsets), never past the size the offer announced; the sender
 * then names the window's SHA-256 and the window is checked (off the path of
 * the chunks still arriving) and kept. What is not verified is bounded
 * (FILE_MAX_UNVERIFIED_BYTES) and is dropped when the connection breaks:
 * `resume()` says where the sender is to start again. The sender is not
 * trusted: a wrong number, length or hash is a typed error.
 */
export class WindowAssembler {
  readonly size: number;
  readonly chunks: number;
  readonly #verified: Uint8Array[] = [];
  #verifiedBytes = 0;
  /** Chunks of the window still being sent. */
  #open: Uint8Array[] = [];
  /** Bytes received and not verified yet (open window and windows being checked). */
  #unverified = 0;
  /** The next chunk expected. */
  #next = 0;
  /** Windows are checked one after the other, in order. */
  #checks: Promise<unknown> = Promise.resolve();
  /** Bumped by `resume()`: a check of a window from before it no longer counts. */
  #generation = 0;
  #failed: ProtocolError | null = null;

  constructor(size: number) {
    if (!Number.isSafeInteger(size) || size <= 0) throw new ProtocolError('bad_message', 'a file has a positive size');
    this.size = size;
    this.chunks = chunkCount(size, FILE_CHUNK_BYTES);
  }

  /** Chunks verified: where a resumed transfer starts. */
  get verifiedChunks(): number {
    return this.#verified.length;
  }

  get verifiedBytes(): number {
    return this.#verifiedBytes;
  }

  /** Verified and not yet verified bytes: what progress shows. */
  get receivedBytes(): number {
    return this.#verifiedBytes + this.#unverified;
  }

  get complete(): boolean {
    return this.#verifiedBytes === this.size;
  }

  /** Adds chunk `seq`: it must be the next one, exactly as long as its place says, within the unverified bound. */
  add(seq: number, data: Uint8Array): void {
    this.#usable();
    if (seq !== this.#next) throw new ProtocolError('bad_message', `chunk ${seq} arrived where chunk ${this.#next} belongs`);
    if (seq >= this.chunks) throw new ProtocolError('too_large', `chunk ${seq} is past the end of a ${this.chunks}-chunk file`);
    if (data.byteLength !== chunkLength(this.size, seq)) throw new ProtocolError('bad_message', `chunk ${seq} has ${data.byteLength} bytes, not ${chunkLength(this.size, seq)}`);
    if (this.#unverified + data.byteLength > FILE_MAX_UNVERIFIED_BYTES) throw new ProtocolError('too_large', 'too many bytes sent without a window to verify them');
    this.#open.push(data);
    this.#unverified += data.byteLength;
    this.#next++;
  }

  /**
   * The sender closed the window ending at chunk `seq` with its SHA-256. Resolves once it is checked and kept
   * (true), or false when a `resume()` since made it moot; rejects on a wrong hash (the transfer is then unusable).
   */
  closeWindow(seq: number, sha256: string): Promise<boolean> {
    this.#usable();
    if (this.#open.length === 0 || seq !== this.#next - 1) throw new ProtocolError('bad_message', `a window ending at chunk ${seq}, after chunk ${this.#next - 1}`);
    const parts = this.#open;
    this.#open = [];
    const generation = this.#generation;
    const check = this.#checks.then(async () => {
      const actual = await sha256OfParts(parts);
      if (generation !== this.#generation) return false;
      if (actual !== sha256) {
        this.#failed = new ProtocolError('bad_message', `the window ending at chunk ${seq} does not match its checksum`);
        throw this.#failed;
      }
      const bytes = parts.reduce((n, p) => n + p.byteLength, 0);
      this.#verified.push(...parts);
      this.#verifiedBytes += bytes;
      this.#unverified -= bytes;
      return true;
    });
    this.#checks = check.catch(() => undefined);
    return check;
  }

  /**
   * The connection broke: once the windows being checked are done, drops what is not verified and answers
   * the chunk to send from (a new sender starts there).
   */
  async resume(): Promise<number> {
    await this.#checks;
    this.#usable();
    this.#generation++;
    this.#open = [];
    this.#unverified = 0;
    this.#next = this.#verified.length;
    return this.#next;
  }

  blob(): Blob {
    if (!this.complete) throw new ProtocolError('invalid_state', `only ${this.#verifiedBytes} of ${this.size} bytes are verified`);
    return new Blob(this.#verified as BlobPart[], { type: 'application/octet-stream' });
  }

  #usable(): void {
    if (this.#failed) throw this.#failed;
  }
}

/** Resolves with `promise`, or rejects with `timeout` after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ProtocolError('timeout', `${what} did not happen within ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}
