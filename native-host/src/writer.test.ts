import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, MAX_MESSAGE_BYTES, encodeFrame } from './framing.ts';
import { FrameWriter } from './writer.ts';

/** A Writable that holds every chunk until `release()` is called, to make backpressure observable. */
class HeldSink extends Writable {
  readonly chunks: Buffer[] = [];
  #pending: (() => void)[] = [];
  constructor() {
    super({ highWaterMark: 16 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void) {
    this.chunks.push(chunk);
    this.#pending.push(() => done());
  }
  release() {
    for (const done of this.#pending.splice(0)) done();
  }
}

/** Decodes everything written, EOF included, so a stray byte would show up as a failure. */
const decode = (chunks: Buffer[]) => {
  const d = new FrameDecoder();
  const results = d.push(Buffer.concat(chunks));
  const tail = d.end();
  return tail ? [...results, tail] : results;
};

describe('FrameWriter', () => {
  it('writes each message as exactly one frame', async () => {
    const sink = new HeldSink();
    const writer = new FrameWriter(sink);
    const small = writer.write({ a: 1 });
    sink.release();
    await small;
    expect(sink.chunks).toEqual([encodeFrame({ a: 1 })]);
  });

  it('waits for drain when the stream is full, and keeps frames in order', async () => {
    const sink = new HeldSink();
    const writer = new FrameWriter(sink);
    let settled = false;
    const first = writer.write('x'.repeat(100)).then(() => (settled = true));
    const second = writer.write('second');
    await new Promise((r) => setTimeout(r, 10));
    expect(settled).toBe(false);
    sink.release();
    await new Promise((r) => setImmediate(r));
    sink.release();
    await Promise.all([first, second]);
    expect(decode(sink.chunks)).toEqual([
      { ok: true, value: 'x'.repeat(100) },
      { ok: true, value: 'second' },
    ]);
  });

  it('rejects an oversized message with too_large and writes nothing', async () => {
    const sink = new HeldSink();
    await expect(new FrameWriter(sink).write('x'.repeat(MAX_MESSAGE_BYTES))).rejects.toMatchObject({ code: 'too_large' });
    expect(sink.chunks).toEqual([]);
  });

  it('rejects with closed after the stream is destroyed, without an unhandled error', async () => {
    const sink = new HeldSink();
    const writer = new FrameWriter(sink);
    sink.destroy(new Error('EPIPE'));
    await expect(writer.write('late')).rejects.toMatchObject({ code: 'closed' });
    expect(writer.writable).toBe(false);
  });

  it('treats an error event (EPIPE) as closed instead of letting it crash the process', async () => {
    const sink = new HeldSink();
    const writer = new FrameWriter(sink);
    sink.emit('error', new Error('EPIPE'));
    expect(writer.writable).toBe(false);
    await expect(writer.write('late')).rejects.toMatchObject({ code: 'closed' });
    expect(sink.chunks).toEqual([]);
  });

  it('rejects a write waiting for drain when the stream closes', async () => {
    const sink = new HeldSink();
    const pending = new FrameWriter(sink).write('x'.repeat(100));
    sink.destroy();
    await expect(pending).rejects.toMatchObject({ code: 'closed' });
  });
});

describe('reader and writer over real stdio', () => {
  it('echoes frames up to the cap through a child process whose stdout holds only frames', async () => {
    const here = (f: string) => JSON.stringify(fileURLToPath(new URL(f, import.meta.url)));
    const script = `
      import { readFrames } from ${here('./reader.ts')};
      import { FrameWriter } from ${here('./writer.ts')};
      const writer = new FrameWriter(process.stdout);
      for await (const r of readFrames(process.stdin)) await writer.write(r.ok ? { echo: r.value } : r.error);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    const big = 'y'.repeat(MAX_MESSAGE_BYTES - 100);
    child.stdin.end(Buffer.concat([encodeFrame({ type: 'hello' }), encodeFrame(big), Buffer.from([0, 0, 0, 0])]));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const results = decode(out);
    expect(results).toEqual([
      { ok: true, value: { echo: { type: 'hello' } } },
      { ok: true, value: { echo: big } },
      { ok: true, value: { code: 'bad_message', message: 'empty frame' } },
    ]);
  });
});
