import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NATIVE_PROTOCOL_VERSION, parseHostToExtension, type HostToExtension } from '@rs/protocol';
import { encodeFrame, FrameDecoder } from './framing.ts';
import { runHost } from './host.ts';
import { FakeInput } from './platform/input.fake.ts';
import { FakeUninstaller, FakeWatermark } from './platform/watermark.fake.ts';

/** Runs the host over in-memory streams with fakes; returns every reply it wrote, validated. */
async function converse(frames: Buffer[], gapMs = 0) {
  const platform = { input: new FakeInput(), watermark: new FakeWatermark(), uninstaller: new FakeUninstaller() };
  const input = new PassThrough();
  const output = new PassThrough();
  const decoder = new FrameDecoder();
  const replies: HostToExtension[] = [];
  output.on('data', (chunk: Buffer) => {
    for (const f of decoder.push(chunk)) {
      if (!f.ok) throw new Error('host wrote a bad frame');
      const parsed = parseHostToExtension(f.value);
      if (!parsed.ok) throw new Error(`host wrote an invalid message: ${parsed.error.message}`);
      replies.push(parsed.value);
    }
  });
  const done = runHost({ input, output, platform, log: () => {} });
  for (const f of frames) {
    input.write(f);
    // Input is applied asynchronously; a gap lets it land before a later shutdown drops what is still queued.
    if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
  }
  input.end();
  const code = await done;
  return { code, replies, platform };
}

const hello = encodeFrame({ type: 'hello', id: 'h', v: NATIVE_PROTOCOL_VERSION });

describe('runHost', () => {
  it('answers hello, injects only while granted, and uninstalls on request', async () => {
    const { code, replies, platform } = await converse([
      hello,
      encodeFrame({ type: 'pointer.click', x: 0.5, y: 0.5, button: 'left' }),
      encodeFrame({ type: 'control.grant', id: 'g' }),
      encodeFrame({ type: 'watermark.show', id: 'w', repName: 'Ada' }),
      encodeFrame({ type: 'pointer.click', x: 0.5, y: 0.5 }),
      encodeFrame({ type: 'key.type', text: 'hi!' }),
      encodeFrame({ type: 'uninstall', id: 'u' }),
      encodeFrame({ type: 'key.type', text: 'never read' }),
    ], 5);
    expect(code).toBe(0);
    expect(replies.map((r) => r.type + ('id' in r ? ` ${r.id}` : ''))).toEqual(['helloResponse h', 'error null', 'ok g', 'ok w', 'ok u']);
    expect(replies[1]).toMatchObject({ code: 'forbidden' });
    expect(platform.input.events).toEqual(['move 500,250', 'click left', 'type hi!']);
    expect(platform.uninstaller.calls).toBe(1);
    expect(platform.watermark.closed).toBe(true);
  });

  it('requires hello first and refuses another version', async () => {
    const first = await converse([encodeFrame({ type: 'control.grant', id: 'g' })]);
    expect(first.replies).toEqual([expect.objectContaining({ type: 'error', id: 'g', code: 'handshake_required' })]);
    const other = await converse([encodeFrame({ type: 'hello', id: 'h', v: 99 }), encodeFrame({ type: 'control.grant', id: 'g' })]);
    expect(other.replies).toEqual([{ type: 'incompatible', id: 'h', v: NATIVE_PROTOCOL_VERSION }]);
    expect(other.code).toBe(6);
  });

  it('ends with exit code too_large on an oversized frame, after a typed error', async () => {
    const header = Buffer.alloc(4);
    header.writeUInt32LE(2 * 1024 * 1024);
    const { code, replies } = await converse([hello, header]);
    expect(code).toBe(5);
    expect(replies.at(-1)).toMatchObject({ type: 'error', code: 'too_large' });
  });
});

describe('runHost properties', () => {
  it('answers every unknown type with unknown_type and reads on', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string().filter((t) => !['hello', 'control.grant', 'control.revoke', 'pointer.move', 'pointer.click', 'pointer.doubleClick', 'pointer.wheel', 'key.press', 'key.type', 'watermark.show', 'watermark.hide', 'shutdown', 'uninstall', 'toString', 'constructor', '__proto__'].includes(t)),
        async (type) => {
          const { replies, code } = await converse([hello, encodeFrame({ type, id: 'x' }), encodeFrame({ type: 'control.grant', id: 'g' })]);
          expect(code).toBe(0);
          expect(replies.slice(1)).toEqual([expect.objectContaining({ type: 'error', code: 'unknown_type' }), { type: 'ok', id: 'g' }]);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses out-of-range or non-finite coordinates with bad_message and injects nothing', async () => {
    const outside = fc.oneof(fc.double({ min: 1.000001, noNaN: true }), fc.double({ max: -0.000001, noNaN: true }), fc.constant(Number.NaN));
    await fc.assert(
      fc.asyncProperty(outside, fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), async (bad, good, xFirst) => {
        const [x, y] = xFirst ? [bad, good] : [good, bad];
        // NaN and Infinity do not survive JSON: they arrive as null, which must fail the same way.
        const { replies, platform } = await converse([
          hello,
          encodeFrame({ type: 'control.grant', id: 'g' }),
          encodeFrame({ type: 'pointer.move', x, y }),
          encodeFrame({ type: 'pointer.click', x, y, button: 'left' }),
        ]);
        expect(replies.slice(2)).toEqual([
          expect.objectContaining({ type: 'error', id: null, code: 'bad_message' }),
          expect.objectContaining({ type: 'error', id: null, code: 'bad_message' }),
        ]);
        expect(platform.input.events).toEqual([]);
      }),
      { numRuns: 50 },
    );
  });

  it('survives any JSON value as a message, answering each with a typed error or a reply', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 5 }), async (values) => {
        const { replies, code } = await converse([hello, ...values.map((v) => encodeFrame(v))]);
        expect(code).toBe(0);
        expect(replies.length).toBeGreaterThanOrEqual(values.length);
      }),
      { numRuns: 50 },
    );
  });
});
