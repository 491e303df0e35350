import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HEADER_BYTES, MAX_MESSAGE_BYTES, encodeFrame, type FrameResult } from './framing.ts';
import { readFrames } from './reader.ts';

const collect = async (source: AsyncIterable<unknown>): Promise<FrameResult[]> => {
  const out: FrameResult[] = [];
  for await (const r of readFrames(source)) out.push(r);
  return out;
};

const header = (length: number) => {
  const b = Buffer.alloc(HEADER_BYTES);
  b.writeUInt32LE(length, 0);
  return b;
};

describe('readFrames', () => {
  it('yields frames split across stream chunks and ends quietly at EOF', async () => {
    const bytes = Buffer.concat([encodeFrame({ type: 'hello', v: 1 }), encodeFrame({ type: 'bye' })]);
    const source = Readable.from([bytes.subarray(0, 3), bytes.subarray(3, 20), bytes.subarray(20)]);
    expect(await collect(source)).toEqual([
      { ok: true, value: { type: 'hello', v: 1 } },
      { ok: true, value: { type: 'bye' } },
    ]);
  });

  it('ends with no results on an empty stream', async () => {
    expect(await collect(Readable.from([]))).toEqual([]);
  });

  it('passes non-fatal failures through and keeps reading', async () => {
    const source = Readable.from([Buffer.concat([header(0), encodeFrame('after')])]);
    expect((await collect(source)).map((r) => r.ok)).toEqual([false, true]);
  });

  it('yields a fatal failure for EOF inside a frame', async () => {
    const frame = encodeFrame('cut');
    expect(await collect(Readable.from([frame.subarray(0, frame.length - 1)]))).toEqual([
      { ok: false, fatal: true, error: expect.objectContaining({ code: 'bad_message' }) },
    ]);
  });

  it('stops reading the source after an oversized length', async () => {
    let pulled = 0;
    async function* source() {
      yield header(MAX_MESSAGE_BYTES + 1);
      for (let i = 0; i < 10; i++) {
        pulled += 1;
        yield encodeFrame('never read');
      }
    }
    const results = await collect(source());
    expect(results).toEqual([{ ok: false, fatal: true, error: expect.objectContaining({ code: 'too_large' }) }]);
    expect(pulled).toBe(0);
  });

  it('turns a read error into a fatal closed failure instead of throwing', async () => {
    const source = new Readable({
      read() {
        this.push(encodeFrame(1));
        this.destroy(new Error('EIO'));
      },
    });
    expect(await collect(source)).toEqual([
      { ok: true, value: 1 },
      { ok: false, fatal: true, error: expect.objectContaining({ code: 'closed' }) },
    ]);
  });

  it('refuses a stream that yields strings', async () => {
    expect(await collect(Readable.from(['text']))).toEqual([
      { ok: false, fatal: true, error: expect.objectContaining({ code: 'internal' }) },
    ]);
  });
});
