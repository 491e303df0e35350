import { ERROR_CODES, type HostToExtension } from '@rs/protocol';
import type { Writable } from 'node:stream';
import { Dispatcher } from './dispatch.ts';
import type { Platform } from './platform/types.ts';
import { readFrames } from './reader.ts';
import { correlationId, describeError } from './last-resort.ts';
import { FrameWriter } from './writer.ts';
import { flushTrace, mark } from './startup-trace.ts';

export type RunHostOptions = {
  input: AsyncIterable<unknown>;
  output: Writable;
  platform: Platform;
  log(line: string): void;
  holdOffMs?: number;
  /** Checked after each message: an exit code ends the host (the platform could not load). */
  stop?: () => number | null;
};

/**
 * The host's main loop: frames in, dispatch, frames out. Resolves with the
 * exit code: 0 at EOF (the browser closed the port) or after shutdown and
 * uninstall; the error code's number after a fatal framing error. The
 * watermark is always removed before it resolves.
 */
export async function runHost(options: RunHostOptions): Promise<number> {
  const writer = new FrameWriter(options.output);
  const send = async (message: HostToExtension) => {
    if (writer.writable) await writer.write(message);
  };
  const dispatcher = new Dispatcher({ platform: options.platform, send, log: options.log, holdOffMs: options.holdOffMs });
  let code = 0;
  let first = true;
  for await (const frame of readFrames(options.input)) {
    if (!frame.ok) {
      await dispatcher.sendError(null, frame.error).catch(() => {});
      if (frame.fatal) {
        options.log(`fatal: ${frame.error.message}`);
        code = ERROR_CODES[frame.error.code];
        break;
      }
      continue;
    }
    try {
      await dispatcher.handle(frame.value);
      if (first) {
        first = false;
        mark('first message answered');
        flushTrace();
      }
    } catch (error) {
      // The dispatcher answers a handler's failure itself; this catches a failure around it (a send that broke).
      const ref = correlationId();
      options.log(`[ref ${ref}] frame failed: ${describeError(error)}`);
      await dispatcher.sendError(null, { code: 'internal', message: `internal error (ref ${ref})` }).catch(() => {});
    }
    if (dispatcher.exitCode !== null) {
      code = dispatcher.exitCode;
      break;
    }
    const stop = options.stop?.() ?? null;
    if (stop !== null) {
      code = stop;
      break;
    }
  }
  dispatcher.gate.revoke();
  await options.platform.watermark.close();
  return code;
}
