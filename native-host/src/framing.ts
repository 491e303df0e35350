import { ProtocolError, type WireError } from '@rs/protocol';

/**
 * Chrome native messaging framing: a 4-byte little-endian length, then that
 * many bytes of UTF-8 JSON. This is the only layer that sees raw stdio bytes.
 */

/**
 * Largest message body, in bytes, in either direction. Chromium drops the port
 * when a host sends more than 1 MiB; we hold the extension to the same cap so
 * one hostile frame cannot make the host allocate more.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Size of the length prefix that precedes every message body. */
export const HEADER_BYTES = 4;

/**
 * A frame that could not be decoded. `fatal` means the byte stream can no
 * longer be trusted (an oversized length, or EOF inside a frame): the caller
 * must shut down rather than read on.
 */
export type FrameFailure = { ok: false; error: WireError; fatal: boolean };

/** One decoded frame: its JSON value (not yet validated against any schema), or why it was rejected. */
export type FrameResult = { ok: true; value: unknown } | FrameFailure;

/** `open` reads on; `failed` lost frame sync and ignores further input; `ended` has seen EOF. */
export type DecoderState = 'open' | 'failed' | 'ended';

const fail = (code: WireError['code'], message: string, fatal = false): FrameFailure => ({
  ok: false,
  error: { code, message },
  fatal,
});

/**
 * Streaming decoder: push chunks split anywhere, get back every frame they
 * complete. It allocates a body buffer only after checking the declared length
 * against the cap, and never throws on any input bytes.
 */
export class FrameDecoder {
  // fatal: a wrong byte must be an error, not a U+FFFD that might still parse.
  // ignoreBOM keeps a leading BOM in the text, so JSON.parse rejects it too.
  static readonly #utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  readonly #header = Buffer.alloc(HEADER_BYTES);
  #headerFilled = 0;
  #body: Buffer | null = null;
  #bodyFilled = 0;
  #state: DecoderState = 'open';

  get state(): DecoderState {
    return this.#state;
  }

  /** True when no partial frame is buffered, i.e. EOF now would be orderly. */
  get idle(): boolean {
    return this.#headerFilled === 0 && this.#body === null;
  }

  /** Consumes one chunk; returns the frames (or failures) it completed, in order. */
  push(chunk: Uint8Array): FrameResult[] {
    const out: FrameResult[] = [];
    if (this.#state !== 'open') return out;
    let pos = 0;
    while (pos < chunk.length) {
      if (this.#body === null) {
        const n = Math.min(HEADER_BYTES - this.#headerFilled, chunk.length - pos);
        this.#header.set(chunk.subarray(pos, pos + n), this.#headerFilled);
        this.#headerFilled += n;
        pos += n;
        if (this.#headerFilled < HEADER_BYTES) break;
        this.#headerFilled = 0;
        const length = this.#header.readUInt32LE(0);
        if (length > MAX_MESSAGE_BYTES) {
          // The body is never read, so where the next frame starts is unknown.
          this.#state = 'failed';
          out.push(fail('too_large', `frame declares ${length} bytes; the limit is ${MAX_MESSAGE_BYTES}; the stream cannot be resynchronised`, true));
          return out;
        }
        if (length === 0) {
          out.push(fail('bad_message', 'empty frame'));
          continue;
        }
        this.#body = Buffer.allocUnsafe(length);
        this.#bodyFilled = 0;
      } else {
        const n = Math.min(this.#body.length - this.#bodyFilled, chunk.length - pos);
        this.#body.set(chunk.subarray(pos, pos + n), this.#bodyFilled);
        this.#bodyFilled += n;
        pos += n;
        if (this.#bodyFilled === this.#body.length) {
          out.push(FrameDecoder.#decodeBody(this.#body));
          this.#body = null;
        }
      }
    }
    return out;
  }

  /**
   * Marks EOF. Returns a fatal failure if the input stopped inside a length
   * prefix or a body; otherwise (or if the decoder had already failed) nothing.
   */
  end(): FrameFailure | undefined {
    if (this.#state !== 'open') return undefined;
    this.#state = 'ended';
    if (this.#body !== null) {
      const got = this.#bodyFilled;
      const want = this.#body.length;
      this.#body = null;
      return fail('bad_message', `input ended inside a frame: ${got} of ${want} bytes`, true);
    }
    if (this.#headerFilled > 0) {
      const got = this.#headerFilled;
      this.#headerFilled = 0;
      return fail('bad_message', `input ended inside a length prefix: ${got} of ${HEADER_BYTES} bytes`, true);
    }
    return undefined;
  }

  static #decodeBody(body: Buffer): FrameResult {
    let text: string;
    try {
      text = FrameDecoder.#utf8.decode(body);
    } catch {
      return fail('bad_json', 'frame is not valid UTF-8');
    }
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      return fail('bad_json', 'frame is not valid JSON');
    }
  }
}

/**
 * Serialises one message as a frame. Throws ProtocolError `too_large` for a
 * body over the cap and `bad_message` for a value JSON cannot represent, so a
 * caller never has half a frame to write.
 */
export function encodeFrame(value: unknown): Buffer {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    throw new ProtocolError('bad_message', 'message cannot be serialised as JSON');
  }
  // JSON.stringify returns undefined for undefined, functions and symbols.
  if (text === undefined) throw new ProtocolError('bad_message', 'message cannot be serialised as JSON');
  const length = Buffer.byteLength(text, 'utf8');
  if (length > MAX_MESSAGE_BYTES) {
    throw new ProtocolError('too_large', `message is ${length} bytes; the limit is ${MAX_MESSAGE_BYTES}`);
  }
  const frame = Buffer.allocUnsafe(HEADER_BYTES + length);
  frame.writeUInt32LE(length, 0);
  frame.write(text, HEADER_BYTES, 'utf8');
  return frame;
}
