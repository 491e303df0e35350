import { ERROR_CODES } from '@rs/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, HEADER_BYTES, MAX_MESSAGE_BYTES, encodeFrame, type FrameResult } from './framing.ts';

const RUNS = { numRuns: 200 };

/** Splits bytes at arbitrary points (duplicates and zero-length pieces included). */
const chunked = (bytes: Uint8Array, cuts: number[]): Uint8Array[] => {
  const points = cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    pieces.push(bytes.subarray(start, p));
    start = p;
  }
  return pieces;
};

/** Feeds every piece, then EOF; collects everything the decoder reports. */
const decodeAll = (pieces: Uint8Array[]): FrameResult[] => {
  const d = new FrameDecoder();
  const results = pieces.flatMap((p) => d.push(p));
  const tail = d.end();
  return tail ? [...results, tail] : results;
};

const header = (length: number) => {
  const b = Buffer.alloc(HEADER_BYTES);
  b.writeUInt32LE(length, 0);
  return b;
};

const message = fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' });
const cuts = fc.array(fc.nat(), { maxLength: 12 });
/** Byte sequences that are invalid UTF-8 whatever valid UTF-8 surrounds them. */
const invalidUtf8 = fc.constantFrom([0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xf4, 0x90, 0x80, 0x80], [0xf5], [0xfe], [0xff]);

describe('FrameDecoder properties', () => {
  it('(a) decodes any message sequence, re-chunked at any points, to the same messages', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 8 }), cuts, (messages, cutPoints) => {
        const bytes = Buffer.concat(messages.map((m) => encodeFrame(m)));
        const results = decodeAll(chunked(bytes, cutPoints));
        expect(results).toEqual(messages.map((m) => ({ ok: true, value: JSON.parse(JSON.stringify(m)) })));
      }),
      RUNS,
    );
  });

  it('(b) never throws on byte soup, and every failure carries a known code', () => {
    const smallFrame = fc
      .uint8Array({ maxLength: 64 })
      .map((body) => Buffer.concat([header(body.length), body]));
    const anyHeader = fc.integer({ min: 0, max: 0xffffffff }).map(header);
    const soup = fc
      .array(fc.oneof(fc.uint8Array({ maxLength: 64 }), smallFrame, anyHeader, message.map((m) => encodeFrame(m))), { maxLength: 10 })
      .map((parts) => Buffer.concat(parts));
    fc.assert(
      fc.property(soup, cuts, (bytes, cutPoints) => {
        const results = decodeAll(chunked(bytes, cutPoints));
        const fatalAt = results.findIndex((r) => !r.ok && r.fatal);
        // Nothing is reported after a fatal failure.
        expect(fatalAt === -1 || fatalAt === results.length - 1).toBe(true);
        for (const r of results) {
          if (!r.ok) {
            expect(Object.keys(ERROR_CODES)).toContain(r.error.code);
            expect(['too_large', 'bad_message', 'bad_json']).toContain(r.error.code);
          }
        }
      }),
      RUNS,
    );
  });

  it('(c) a frame cut short at any byte gives a fatal bad_message at EOF', () => {
    fc.assert(
      fc.property(message, fc.nat(), cuts, (m, cut, cutPoints) => {
        const frame = encodeFrame(m);
        const truncated = frame.subarray(0, 1 + (cut % (frame.length - 1)));
        const results = decodeAll(chunked(truncated, cutPoints));
        expect(results).toEqual([{ ok: false, fatal: true, error: expect.objectContaining({ code: 'bad_message' }) }]);
      }),
      RUNS,
    );
  });

  it('(c) any declared length over the cap gives one fatal too_large, whatever follows', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_MESSAGE_BYTES + 1, max: 0xffffffff }), fc.uint8Array({ maxLength: 64 }), cuts, (length, rest, cutPoints) => {
        const results = decodeAll(chunked(Buffer.concat([header(length), rest]), cutPoints));
        expect(results).toEqual([{ ok: false, fatal: true, error: expect.objectContaining({ code: 'too_large' }) }]);
      }),
      RUNS,
    );
  });

  it('(c) zero-length frames give bad_message each and the messages around them still decode', () => {
    const item = fc.oneof(message.map((m) => ({ empty: false, m })), fc.constant({ empty: true, m: null }));
    fc.assert(
      fc.property(fc.array(item, { maxLength: 8 }), cuts, (items, cutPoints) => {
        const bytes = Buffer.concat(items.map((i) => (i.empty ? header(0) : encodeFrame(i.m))));
        const results = decodeAll(chunked(bytes, cutPoints));
        expect(results).toEqual(
          items.map((i) =>
            i.empty
              ? { ok: false, fatal: false, error: expect.objectContaining({ code: 'bad_message' }) }
              : { ok: true, value: JSON.parse(JSON.stringify(i.m)) },
          ),
        );
      }),
      RUNS,
    );
  });

  it('(c) invalid UTF-8 inside an otherwise valid JSON string gives bad_json, then decoding goes on', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), invalidUtf8, fc.string({ unit: 'grapheme' }), cuts, (before, bad, after, cutPoints) => {
        // '"' + before + <bad bytes> + after + '"' would be valid JSON if the bad bytes were a character.
        const body = Buffer.concat([Buffer.from(JSON.stringify(before).slice(0, -1)), Uint8Array.from(bad), Buffer.from(JSON.stringify(after).slice(1))]);
        const bytes = Buffer.concat([header(body.length), body, encodeFrame('next')]);
        const results = decodeAll(chunked(bytes, cutPoints));
        expect(results).toEqual([
          { ok: false, fatal: false, error: expect.objectContaining({ code: 'bad_json' }) },
          { ok: true, value: 'next' },
        ]);
      }),
      RUNS,
    );
  });
});
