import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { ERROR_CODES, NATIVE_PROTOCOL_VERSION, parseHostToExtension, type HostToExtension } from '@rs/protocol';
import { asJsonText, hostileBytes, hostileValue, mutated, VALID } from '@rs/protocol/fuzz-values';
import { Dispatcher } from './dispatch.ts';
import { encodeFrame, FrameDecoder, HEADER_BYTES } from './framing.ts';
import { runHost } from './host.ts';
import { FakeInput } from './platform/input.fake.ts';
import { FakeUninstaller, FakeWatermark } from './platform/watermark.fake.ts';

/**
 * The native host's surface, fed hostile input: every decoded frame gets a
 * valid reply or none (a notice), never a rejection; the whole loop over
 * hostile bytes ends with a known exit code. About 20,000 inputs in all;
 * `npm run fuzz` drives the real host process with a million.
 */
const SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)) });
const TIMEOUT_MS = 60_000;
const platform = () => ({ input: new FakeInput(), watermark: new FakeWatermark(), uninstaller: new FakeUninstaller() });

it('the dispatcher answers any decoded value, before and after hello, with a valid message or nothing', async () => {
  await fc.assert(
    fc.asyncProperty(fc.boolean(), fc.oneof(hostileValue, mutated(VALID.native)), async (greet, raw) => {
      const replies: HostToExtension[] = [];
      const dispatcher = new Dispatcher({ platform: platform(), send: async (m) => void replies.push(m), log: () => {}, holdOffMs: 0 });
      if (greet) await dispatcher.handle({ type: 'hello', id: 'h', v: NATIVE_PROTOCOL_VERSION });
      await dispatcher.handle(raw);
      for (const reply of replies) expect(parseHostToExtension(JSON.parse(JSON.stringify(reply))).ok).toBe(true);
      dispatcher.gate.revoke();
    }),
    runs(18_000),
  );
}, TIMEOUT_MS);

/** A frame around any text, or raw bytes with a hostile length prefix. */
const frame = fc.oneof(
  fc.oneof(hostileValue, mutated(VALID.native)).map((v) => {
    const body = Buffer.from(asJsonText(v));
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32LE(body.length, 0);
    return Buffer.concat([header, body]);
  }),
  hostileBytes.map((b) => Buffer.from(b)),
);

it('the host loop over hostile stdin bytes ends with 0 or a known error code and writes only valid frames', async () => {
  const known = new Set<number>([0, ...Object.values(ERROR_CODES)]);
  await fc.assert(
    fc.asyncProperty(fc.array(frame, { maxLength: 6 }), async (frames) => {
      const input = new PassThrough();
      const output = new PassThrough();
      const decoder = new FrameDecoder();
      const written: boolean[] = [];
      output.on('data', (chunk: Buffer) => {
        for (const f of decoder.push(chunk)) written.push(f.ok && parseHostToExtension(f.value).ok);
      });
      const done = runHost({ input, output, platform: platform(), log: () => {}, holdOffMs: 0 });
      input.end(Buffer.concat([encodeFrame({ type: 'hello', id: 'h', v: NATIVE_PROTOCOL_VERSION }), ...frames]));
      expect(known.has(await done)).toBe(true);
      expect(written.length).toBeGreaterThan(0);
      expect(written.every(Boolean)).toBe(true);
    }),
    runs(2_000),
  );
}, TIMEOUT_MS);
