import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { NATIVE_PROTOCOL_VERSION, parseHostToExtension, type HostToExtension } from '@rs/protocol';
import { encodeFrame, FrameDecoder, HEADER_BYTES } from './framing.ts';
import { runHost } from './host.ts';
import { FakeInput } from './platform/input.fake.ts';
import { FakeUninstaller, FakeWatermark } from './platform/watermark.fake.ts';

/** A raw frame around any text, valid JSON or not. */
const rawFrame = (text: string) => {
  const body = Buffer.from(text);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
};

it('answers hostile frames with typed errors and reads on (a `type` with its own toString ended the host)', async () => {
  const platform = { input: new FakeInput(), watermark: new FakeWatermark(), uninstaller: new FakeUninstaller() };
  const input = new PassThrough();
  const output = new PassThrough();
  const decoder = new FrameDecoder();
  const replies: HostToExtension[] = [];
  output.on('data', (chunk: Buffer) => {
    for (const f of decoder.push(chunk)) if (f.ok) {
      const parsed = parseHostToExtension(f.value);
      if (parsed.ok) replies.push(parsed.value);
    }
  });
  const done = runHost({ input, output, platform, log: () => {} });
  const hostile = [
    '{"type":{"toString":1}}',
    '{"type":{"toString":"x","valueOf":"y"},"id":"v"}',
    '{"__proto__":{"type":"hello"},"id":"p"}',
    '{"constructor":{"prototype":{"polluted":1}},"type":"hello"}',
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    '{"type":"pointer.move","x":1e309,"y":0}',
    '{"type":"key.type","text":"\\ud800\\u0000"}',
  ];
  for (const text of hostile) input.write(rawFrame(text));
  input.write(encodeFrame({ type: 'hello', id: 'h', v: NATIVE_PROTOCOL_VERSION }));
  input.end();
  expect(await done).toBe(0);
  expect(replies.slice(0, 2)).toEqual([
    expect.objectContaining({ type: 'error', code: 'unknown_type' }),
    expect.objectContaining({ type: 'error', id: 'v', code: 'unknown_type' }),
  ]);
  expect(replies.slice(2, hostile.length).every((r) => r.type === 'error')).toBe(true);
  expect(replies.at(-1)).toMatchObject({ type: 'helloResponse', id: 'h' });
  expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
});
