import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FILE_CHUNK_BYTES, FILE_MAX_UNVERIFIED_BYTES, ProtocolError } from '@rs/protocol';
import { WindowAssembler, chunkCount, newTransferId, sha256Hex } from './chunks.ts';

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

describe('WindowAssembler', () => {
  const C = FILE_CHUNK_BYTES;
  const data = new Uint8Array(C * 5 + 1000).map((_, i) => (i * 7919 + (i >> 9)) % 251);
  const chunk = (seq: number) => data.subarray(seq * C, Math.min(data.length, (seq + 1) * C));
  const windowHash = (from: number, to: number) => sha256Hex(data.slice(from * C, Math.min(data.length, (to + 1) * C)));

  it('reassembles windows of in-order chunks, each checked against its hash, into the original bytes', async () => {
    const a = new WindowAssembler(data.length);
    expect(a.chunks).toBe(6);
    for (const seq of [0, 1, 2]) a.add(seq, chunk(seq));
    const first = a.closeWindow(2, await windowHash(0, 2));
    // Chunks of the next window keep arriving while the first is being checked.
    for (const seq of [3, 4, 5]) a.add(seq, chunk(seq));
    expect(a.receivedBytes).toBe(data.length);
    expect(await first).toBe(true);
    expect(a.verifiedChunks).toBe(3);
    expect(await a.closeWindow(5, await windowHash(3, 5))).toBe(true);
    expect(a.complete).toBe(true);
    expect(new Uint8Array(await a.blob().arrayBuffer())).toEqual(data);
  });

  it('after a broken connection keeps the verified windows and answers where to start again', async () => {
    const a = new WindowAssembler(data.length);
    for (const seq of [0, 1]) a.add(seq, chunk(seq));
    const checked = a.closeWindow(1, await windowHash(0, 1));
    a.add(2, chunk(2));
    a.add(3, chunk(3)); // never closed by a window: lost with the connection
    expect(await a.resume()).toBe(2);
    expect(await checked).toBe(true);
    expect([a.verifiedBytes, a.receivedBytes]).toEqual([2 * C, 2 * C]);
    expect(() => a.add(4, chunk(4))).toThrow(/where chunk 2 belongs/);
    for (const seq of [2, 3, 4, 5]) a.add(seq, chunk(seq));
    expect(await a.closeWindow(5, await windowHash(2, 5))).toBe(true);
    expect(new Uint8Array(await a.blob().arrayBuffer())).toEqual(data);
  });

  it('refuses hostile chunk numbers, lengths, windows and hashes with typed errors', async () => {
    const a = new WindowAssembler(data.length);
    expect(() => a.add(1, chunk(1))).toThrow(expect.objectContaining({ code: 'bad_message' }));
    expect(() => a.add(0, chunk(0).subarray(1))).toThrow(/has 131071 bytes/);
    expect(() => a.add(0, new Uint8Array(0))).toThrow(ProtocolError);
    expect(() => a.closeWindow(0, '0'.repeat(64))).toThrow(/window ending at chunk 0/);
    a.add(0, chunk(0));
    expect(() => a.closeWindow(3, '0'.repeat(64))).toThrow(/window ending at chunk 3/);
    await expect(a.closeWindow(0, '0'.repeat(64))).rejects.toThrow(/does not match its checksum/);
    // A transfer whose bytes did not match does not resume or go on.
    await expect(a.resume()).rejects.toThrow(/does not match/);
    expect(() => a.add(1, chunk(1))).toThrow(/does not match/);
    expect(() => a.blob()).toThrow(/only 0 of/);
  });

  it('refuses chunks past the end and more unverified bytes than the bound', () => {
    const small = new WindowAssembler(10);
    small.add(0, new Uint8Array(10));
    expect(() => small.add(1, new Uint8Array(1))).toThrow(expect.objectContaining({ code: 'too_large' }));
    const big = new WindowAssembler(FILE_MAX_UNVERIFIED_BYTES + C);
    const full = new Uint8Array(C);
    for (let seq = 0; seq < FILE_MAX_UNVERIFIED_BYTES / C; seq++) big.add(seq, full);
    expect(() => big.add(FILE_MAX_UNVERIFIED_BYTES / C, full)).toThrow(/without a window/);
    expect(() => new WindowAssembler(0)).toThrow(ProtocolError);
  });
});
