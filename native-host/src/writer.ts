import type { Writable } from 'node:stream';
import { ProtocolError } from '@rs/protocol';
import { encodeFrame } from './framing.ts';

/**
 * Writes frames to the browser (stdout). stdout belongs to the protocol: this
 * is the only thing that may write to it, and it writes only whole frames,
 * each in a single `write` so concurrent callers never interleave bytes.
 */
export class FrameWriter {
  readonly #out: Writable;
  #failed = false;

  constructor(out: Writable) {
    this.#out = out;
    // An EPIPE after the browser goes away must not crash the host; it makes later writes reject instead.
    out.on('error', () => {
      this.#failed = true;
    });
  }

  /** False once the stream has failed, been destroyed or been ended. */
  get writable(): boolean {
    return !this.#failed && !this.#out.destroyed && !this.#out.writableEnded;
  }

  /**
   * Encodes and writes one message, resolving once the stream can take more.
   * Rejects with ProtocolError `too_large`/`bad_message` (nothing is written)
   * or `closed` when the stream is gone.
   */
  async write(value: unknown): Promise<void> {
    const frame = encodeFrame(value);
    if (!this.writable) throw new ProtocolError('closed', 'output stream is closed');
    if (!this.#out.write(frame)) await this.#drained();
  }

  #drained(): Promise<void> {
    const out = this.#out;
    return new Promise((resolve, reject) => {
      const settle = (error?: ProtocolError) => {
        out.off('drain', onDrain);
        out.off('close', onClose);
        out.off('error', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => settle();
      const onClose = () => settle(new ProtocolError('closed', 'output stream closed while writing'));
      out.on('drain', onDrain);
      out.on('close', onClose);
      out.on('error', onClose);
    });
  }
}
