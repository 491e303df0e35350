import { describe, expect, it } from 'vitest';
import { decodeFileFrame, encodeFileFrame, FILE_CHUNK_BYTES, FILE_NAME_MAX_CHARS, formatFileSize, sanitizeFileName } from './files.ts';

describe('sanitizeFileName', () => {
  it('keeps only the last path segment, from either kind of separator', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\ada\\report.pdf')).toBe('report.pdf');
    expect(sanitizeFileName('/tmp/')).toBe('file');
  });

  it('drops control and bidi characters and neutralises reserved ones', () => {
    expect(sanitizeFileName('in\u0000voice\n.pdf')).toBe('invoice.pdf');
    // "exe.pdf" spelled backwards with RIGHT-TO-LEFT OVERRIDE would show as ...fdp.exe
    expect(sanitizeFileName('photo\u202egnp.exe')).toBe('photognp.exe');
    expect(sanitizeFileName('a<b>:c|d?.txt')).toBe('a_b__c_d_.txt');
  });

  it('removes leading dots and trailing dots or spaces, never returns empty', () => {
    expect(sanitizeFileName('.bashrc')).toBe('bashrc');
    expect(sanitizeFileName('notes.txt. . ')).toBe('notes.txt');
    expect(sanitizeFileName('...')).toBe('file');
    expect(sanitizeFileName('\u0001\u0002')).toBe('file');
  });

  it('caps the length and keeps the extension', () => {
    const long = `${'a'.repeat(500)}.tar.gz`;
    const safe = sanitizeFileName(long);
    expect(safe.length).toBe(FILE_NAME_MAX_CHARS);
    expect(safe.endsWith('.gz')).toBe(true);
  });

  it('leaves markup as plain characters (rendering as text is the caller’s job)', () => {
    expect(sanitizeFileName('<img src=x onerror=alert(1)>.png')).toBe('_img src=x onerror=alert(1)_.png');
  });
});

describe('formatFileSize', () => {
  it('uses B, KB, MB with one decimal under 10', () => {
    expect([formatFileSize(512), formatFileSize(12 * 1024), formatFileSize(4.8 * 1024 * 1024), formatFileSize(100 * 1024 * 1024)]).toEqual(['512 B', '12 KB', '4.8 MB', '100 MB']);
  });
});

describe('file frames', () => {
  const id = '0123456789abcdef0123456789abcdef';

  it('round-trip start, chunk and ack', () => {
    const data = new Uint8Array([1, 2, 3, 250]);
    for (const frame of [
      { type: 'file.start', transferId: id },
      { type: 'file.chunk', transferId: id, seq: 70_000, data },
      { type: 'file.ack', transferId: id, seq: 4_000_000_000 },
      { type: 'file.window', transferId: id, seq: 7, sha256: 'ab'.repeat(32) },
      { type: 'file.resume', transferId: id, seq: 16 },
    ] as const) {
      const decoded = decodeFileFrame(encodeFileFrame(frame).buffer);
      expect(decoded).toEqual({ ok: true, value: frame });
    }
  });

  it('refuse what is not a well-formed frame', () => {
    const chunk = encodeFileFrame({ type: 'file.chunk', transferId: id, seq: 0, data: new Uint8Array(4) });
    expect(decodeFileFrame('AAAA')).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    expect(decodeFileFrame(chunk.subarray(0, 20))).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    expect(decodeFileFrame(Uint8Array.of(9, ...chunk.subarray(1)))).toMatchObject({ ok: false, error: { code: 'unknown_type' } });
    expect(decodeFileFrame(chunk.subarray(0, 21))).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    const ackWithBytes = Uint8Array.of(3, ...chunk.subarray(1));
    expect(decodeFileFrame(ackWithBytes)).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    const big = encodeFileFrame({ type: 'file.chunk', transferId: id, seq: 0, data: new Uint8Array(FILE_CHUNK_BYTES + 1) });
    expect(decodeFileFrame(big)).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    // A window's hash is exactly 32 bytes; a start names no chunk; kind 5 is reserved.
    const window = encodeFileFrame({ type: 'file.window', transferId: id, seq: 7, sha256: '00'.repeat(32) });
    expect(decodeFileFrame(window.subarray(0, 21 + 31))).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    expect(decodeFileFrame(Uint8Array.of(...window, 0))).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    expect(decodeFileFrame(Uint8Array.of(6, ...chunk.subarray(1)))).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    expect(decodeFileFrame(Uint8Array.of(1, ...chunk.subarray(1, 17), 0, 0, 0, 1))).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    expect(decodeFileFrame(Uint8Array.of(5, ...chunk.subarray(1, 21)))).toMatchObject({ ok: false, error: { code: 'unknown_type' } });
  });

  it('chunks fit the SCTP message size Chromium announces (256 KiB) with their header', () => {
    expect(encodeFileFrame({ type: 'file.chunk', transferId: id, seq: 1, data: new Uint8Array(FILE_CHUNK_BYTES) }).byteLength).toBeLessThanOrEqual(256 * 1024);
    expect(FILE_CHUNK_BYTES).toBeGreaterThanOrEqual(128 * 1024);
  });
});
