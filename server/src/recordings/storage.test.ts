import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalDiskStorage } from './storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'rs-storage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('LocalDiskStorage', () => {
  const storage = new LocalDiskStorage(join(dir, 'nested'));

  it('reads back the parts in order as one stream, before and after finish', async () => {
    await storage.putPart('recording1', 0, Buffer.from('ab'));
    await storage.putPart('recording1', 1, Buffer.from('cd'));
    const partial = await storage.open('recording1');
    expect(partial?.size).toBe(4);
    expect(await text(partial!.stream)).toBe('abcd');
    await storage.putPart('recording1', 2, Buffer.from('e'));
    await storage.finish('recording1');
    expect(await text((await storage.open('recording1'))!.stream)).toBe('abcde');
  });

  it('starts over when part 0 is written again, knows nothing of unknown keys, and refuses unsafe keys', async () => {
    await storage.putPart('recording2', 0, Buffer.from('x'));
    await storage.putPart('recording2', 0, Buffer.from('y'));
    expect(await text((await storage.open('recording2'))!.stream)).toBe('y');
    expect(await storage.open('nothing-here')).toBeNull();
    await expect(storage.putPart('../../etc/passwd', 0, Buffer.from('x'))).rejects.toThrow(/unsafe/);
  });
});
