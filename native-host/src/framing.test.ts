import { ProtocolError } from '@rs/protocol';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, HEADER_BYTES, MAX_MESSAGE_BYTES, encodeFrame, type FrameResult } from './framing.ts';

const header = (length: number) => {
  const b = Buffer.alloc(HEADER_BYTES);
  b.writeUInt32LE(length, 0);
  return b;
};
const rawFrame = (body: Uint8Array) => Buffer.concat([header(body.length), body]);
const codes = (results: FrameResult[]) => results.map((r) => (r.ok ? 'ok' : r.error.code));

describe('encodeFrame', () => {
  it('writes a little-endian byte length, then UTF-8 JSON', () => {
    const frame = encodeFrame({ type: 'hello', text: 'é' });
    const body = '{"type":"hello","text":"é"}';
    expect(frame.readUInt32LE(0)).toBe(Buffer.byteLength(body));
    expect(frame.subarray(HEADER_BYTES).toString('utf8')).toBe(body);
  });

  it('accepts a body of exactly the cap and refuses one byte more', () => {
    // JSON.stringify('x'.repeat(n)) is n + 2 bytes (the quotes).
    expect(encodeFrame('x'.repeat(MAX_MESSAGE_BYTES - 2)).length).toBe(HEADER_BYTES + MAX_MESSAGE_BYTES);
    const over = () => encodeFrame('x'.repeat(MAX_MESSAGE_BYTES - 1));
    expect(over).toThrow(ProtocolError);
    expect(over).toThrow(expect.objectContaining({ code: 'too_large' }));
  });

  it('counts bytes, not characters, against the cap', () => {
    // 'é' is one UTF-16 unit but two UTF-8 bytes.
    expect(() => encodeFrame('é'.repeat(MAX_MESSAGE_BYTES / 2))).toThrow(expect.objectContaining({ code: 'too_large' }));
  });

  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['a bigint', 1n],
  ])('refuses %s with bad_message', (_what, value) => {
    expect(() => encodeFrame(value)).toThrow(expect.objectContaining({ code: 'bad_message' }));
  });

  it('refuses a circular value with bad_message', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => encodeFrame(loop)).toThrow(expect.objectContaining({ code: 'bad_message' }));
  });
});

describe('FrameDecoder', () => {
  it('decodes several frames from one chunk', () => {
    const d = new FrameDecoder();
    const results = d.push(Buffer.concat([encodeFrame({ a: 1 }), encodeFrame([2]), encodeFrame('three')]));
    expect(results).toEqual([
      { ok: true, value: { a: 1 } },
      { ok: true, value: [2] },
      { ok: true, value: 'three' },
    ]);
    expect(d.idle).toBe(true);
    expect(d.end()).toBeUndefined();
  });

  it('reassembles a frame fed one byte at a time, including the length prefix', () => {
    const d = new FrameDecoder();
    const bytes = encodeFrame({ type: 'hello', v: 1 });
    const results = [...bytes].flatMap((byte, i) => {
      const r = d.push(Uint8Array.of(byte));
      if (i < bytes.length - 1) expect(r).toEqual([]);
      return r;
    });
    expect(results).toEqual([{ ok: true, value: { type: 'hello', v: 1 } }]);
  });

  it('handles a chunk that ends one frame and starts the next mid-prefix', () => {
    const d = new FrameDecoder();
    const both = Buffer.concat([encodeFrame(1), encodeFrame(2)]);
    const cut = encodeFrame(1).length + 2;
    expect(d.push(both.subarray(0, cut))).toEqual([{ ok: true, value: 1 }]);
    expect(d.idle).toBe(false);
    expect(d.push(both.subarray(cut))).toEqual([{ ok: true, value: 2 }]);
  });

  it('accepts a declared length of exactly the cap', () => {
    const d = new FrameDecoder();
    const body = Buffer.from(JSON.stringify('x'.repeat(MAX_MESSAGE_BYTES - 2)));
    const [result] = d.push(rawFrame(body));
    expect(result?.ok).toBe(true);
  });

  it('fails fatally on a declared length over the cap, then ignores all input', () => {
    const d = new FrameDecoder();
    const results = d.push(Buffer.concat([header(MAX_MESSAGE_BYTES + 1), encodeFrame('after')]));
    expect(results).toEqual([{ ok: false, fatal: true, error: expect.objectContaining({ code: 'too_large' }) }]);
    expect(d.state).toBe('failed');
    expect(d.push(encodeFrame('later'))).toEqual([]);
    expect(d.end()).toBeUndefined();
  });

  it('rejects a zero-length frame with bad_message and stays in sync', () => {
    const d = new FrameDecoder();
    const results = d.push(Buffer.concat([header(0), encodeFrame('next')]));
    expect(results).toEqual([
      { ok: false, fatal: false, error: expect.objectContaining({ code: 'bad_message' }) },
      { ok: true, value: 'next' },
    ]);
  });

  it.each([
    ['a stray continuation byte', [0x80]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a cut multi-byte sequence', [0xe2, 0x82]],
    ['0xff', [0xff]],
  ])('rejects invalid UTF-8 (%s) inside a JSON string with bad_json', (_what, bad) => {
    const d = new FrameDecoder();
    const body = Buffer.concat([Buffer.from('"a'), Buffer.from(bad), Buffer.from('b"')]);
    expect(codes(d.push(Buffer.concat([rawFrame(body), encodeFrame('next')])))).toEqual(['bad_json', 'ok']);
  });

  it('rejects a leading byte order mark with bad_json', () => {
    const d = new FrameDecoder();
    expect(codes(d.push(rawFrame(Buffer.from('\uFEFF{}'))))).toEqual(['bad_json']);
  });

  it.each([['{'], ['undefined'], ['{"a":1}}'], ["{'a':1}"]])('rejects %s as bad_json and stays in sync', (text) => {
    const d = new FrameDecoder();
    expect(codes(d.push(Buffer.concat([rawFrame(Buffer.from(text)), encodeFrame(0)])))).toEqual(['bad_json', 'ok']);
  });

  it('reports EOF inside a length prefix as a fatal bad_message', () => {
    const d = new FrameDecoder();
    expect(d.push(Uint8Array.of(5, 0))).toEqual([]);
    expect(d.end()).toEqual({ ok: false, fatal: true, error: expect.objectContaining({ code: 'bad_message' }) });
    expect(d.state).toBe('ended');
  });

  it('reports EOF inside a body as a fatal bad_message', () => {
    const d = new FrameDecoder();
    const frame = encodeFrame({ type: 'hello' });
    expect(d.push(frame.subarray(0, frame.length - 1))).toEqual([]);
    expect(d.end()).toEqual({ ok: false, fatal: true, error: expect.objectContaining({ code: 'bad_message' }) });
    expect(d.push(frame)).toEqual([]);
  });
});
