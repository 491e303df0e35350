import { describe, expect, it } from 'vitest';
import { decodeFileFrame, encodeFileFrame, FILE_CHUNK_BYTES } from '@rs/protocol';
import { PeerChannel, type DataConnectionLike } from '../peer/channel.ts';
import { ChunkAssembler, sha256Hex } from './chunks.ts';
import { sendP2P } from './routes.ts';

/** A data connection whose far end is a receiver: it assembles chunks and acknowledges them (or stops answering). */
class LoopConnection implements DataConnectionLike {
  open = false;
  readonly peer = 'receiver';
  readonly serialization = 'raw';
  readonly #handlers = new Map<string, ((v: never) => void)[]>();
  readonly assembler: ChunkAssembler;
  maxInFlight = 0;
  #unacked = 0;
  silentAfter = Infinity;

  constructor(size: number) {
    this.assembler = new ChunkAssembler(size);
  }
  on(event: string, fn: (v: never) => void) {
    this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), fn]);
  }
  fire(event: string, value?: unknown) {
    for (const fn of this.#handlers.get(event) ?? []) fn(value as never);
  }
  close() {
    if (!this.open) return;
    this.open = false;
    this.fire('close');
  }
  send(data: unknown) {
    const m = decodeFileFrame(data);
    if (!m.ok || m.value.type !== 'file.chunk') return;
    const { seq, transferId } = m.value;
    this.assembler.add(seq, m.value.data);
    this.maxInFlight = Math.max(this.maxInFlight, ++this.#unacked);
    if (seq >= this.silentAfter) return;
    // Acknowledge later, as a real receiver would, so the window fills up.
    setTimeout(() => {
      this.#unacked--;
      this.fire('data', encodeFileFrame({ type: 'file.ack', transferId, seq }).buffer);
    }, 1);
  }
}

const id = 'f'.repeat(32);
const bytes = (n: number) => new Uint8Array(n).map((_, i) => (i * 31) % 256);

describe('sendP2P', () => {
  it('sends every chunk in order with a bounded window, and reports acknowledged progress up to the size', async () => {
    const data = bytes(FILE_CHUNK_BYTES * 40 + 123);
    const conn = new LoopConnection(data.length);
    const channel = new PeerChannel(conn);
    setTimeout(() => ((conn.open = true), conn.fire('open')), 5);
    const seen: number[] = [];
    await sendP2P(channel, id, new Blob([data]), (b) => seen.push(b), 1000, () => true);
    expect(conn.assembler.complete).toBe(true);
    expect(await sha256Hex(conn.assembler.blob())).toBe(await sha256Hex(data));
    expect(conn.maxInFlight).toBeLessThanOrEqual(17);
    expect(seen.at(-1)).toBe(data.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('gives up when the channel does not open in time, so the caller can use the relay', async () => {
    const conn = new LoopConnection(10);
    await expect(sendP2P(new PeerChannel(conn), id, new Blob([bytes(10)]), () => {}, 50, () => true)).rejects.toThrow(/did not happen within 50 ms/);
  });

  it('fails when the channel closes before the last acknowledgement', async () => {
    const data = bytes(FILE_CHUNK_BYTES * 30);
    const conn = new LoopConnection(data.length);
    conn.silentAfter = 3;
    conn.open = true;
    const channel = new PeerChannel(conn);
    setTimeout(() => conn.close(), 30);
    await expect(sendP2P(channel, id, new Blob([data]), () => {}, 1000, () => true)).rejects.toThrow(/closed/);
  });
});
