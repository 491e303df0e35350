import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChunkAssembler, chunkCount, newTransferId, sha256Hex } from './chunks.ts';

describe('chunks', () => {
  it('counts chunks, rounding up', () => {
    expect([chunkCount(1, 64), chunkCount(64, 64), chunkCount(65, 64), chunkCount(5 * 1024 * 1024, 64 * 1024)]).toEqual([1, 1, 2, 80]);
  });

  it('hashes like Node does', async () => {
    const data = new Uint8Array(100_000).map((_, i) => (i * 7919) % 251);
    const expected = createHash('sha256').update(data).digest('hex');
    expect(await sha256Hex(data)).toBe(expected);
    expect(await sha256Hex(new Blob([data]))).toBe(expected);
  });

  it('makes 32-hex-digit transfer ids', () => {
    expect(newTransferId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newTransferId()).not.toBe(newTransferId());
  });
});

describe('ChunkAssembler', () => {
  it('reassembles in-order chunks into the original bytes', async () => {
    const data = crypto.getRandomValues(new Uint8Array(10_000));
    const a = new ChunkAssembler(data.length);
    for (let seq = 0; seq * 4096 < data.length; seq++) a.add(seq, data.slice(seq * 4096, (seq + 1) * 4096).buffer);
    expect(a.complete).toBe(true);
    expect(new Uint8Array(await a.blob().arrayBuffer())).toEqual(data);
  });

  it('ignores repeats, refuses gaps, overflow and empty chunks', () => {
    const a = new ChunkAssembler(10);
    expect(a.add(0, new Uint8Array(4))).toBe(true);
    expect(a.add(0, new Uint8Array(4))).toBe(false);
    expect(() => a.add(2, new Uint8Array(4))).toThrow(/before chunk 1/);
    expect(() => a.add(1, new Uint8Array(7))).toThrow(/more bytes/);
    expect(() => a.add(1, new Uint8Array(0))).toThrow(/empty/);
    expect(() => a.blob()).toThrow(/only 4 of 10/);
  });
});
