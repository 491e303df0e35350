import { ProtocolError } from '@rs/protocol';

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

/**
 * The receiver's side of a chunked file: chunks strictly in order, never more
 * bytes than the offer announced (the sender is not trusted), then one Blob.
 */
export class ChunkAssembler {
  readonly size: number;
  readonly #parts: Uint8Array[] = [];
  #next = 0;
  #bytes = 0;

  constructor(size: number) {
    this.size = size;
  }

  get received(): number {
    return this.#bytes;
  }

  get complete(): boolean {
    return this.#bytes === this.size;
  }

  /** Adds chunk `seq`; a repeat of an earlier one is ignored (returns false), a gap or an overflow throws. */
  add(seq: number, data: ArrayBuffer | Uint8Array): boolean {
    if (seq < this.#next) return false;
    if (seq !== this.#next) throw new ProtocolError('bad_message', `chunk ${seq} arrived before chunk ${this.#next}`);
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (bytes.byteLength === 0) throw new ProtocolError('bad_message', 'an empty chunk');
    if (this.#bytes + bytes.byteLength > this.size) throw new ProtocolError('too_large', 'more bytes than the file announced');
    this.#parts.push(bytes);
    this.#next++;
    this.#bytes += bytes.byteLength;
    return true;
  }

  blob(): Blob {
    if (!this.complete) throw new ProtocolError('invalid_state', `only ${this.#bytes} of ${this.size} bytes arrived`);
    return new Blob(this.#parts as BlobPart[], { type: 'application/octet-stream' });
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
