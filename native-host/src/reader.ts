import { FrameDecoder, type FrameFailure, type FrameResult } from './framing.ts';

/**
 * Reads frames from the browser (stdin). Iteration ends at EOF, which is how
 * Chromium says the port closed: an orderly shutdown, not an error. A fatal
 * failure (oversized length, EOF inside a frame, a read error) is yielded
 * once and then iteration stops, which also stops reading the source.
 * Never throws.
 */
export async function* readFrames(source: AsyncIterable<unknown>): AsyncGenerator<FrameResult, void, undefined> {
  const decoder = new FrameDecoder();
  try {
    for await (const chunk of source) {
      // A string chunk means someone set an encoding on stdin; bytes would already be lost.
      if (!(chunk instanceof Uint8Array)) {
        yield fatal('internal', 'input stream must yield bytes');
        return;
      }
      for (const result of decoder.push(chunk)) {
        yield result;
        if (!result.ok && result.fatal) return;
      }
    }
  } catch {
    yield fatal('closed', 'input stream failed');
    return;
  }
  const tail = decoder.end();
  if (tail) yield tail;
}

const fatal = (code: FrameFailure['error']['code'], message: string): FrameFailure => ({
  ok: false,
  error: { code, message },
  fatal: true,
});
