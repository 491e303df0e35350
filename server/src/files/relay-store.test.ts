import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RelayStore } from './relay-store.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'rs-relay-unit-'));
  dirs.push(d);
  return d;
};
const id = 'ab'.repeat(16);

describe('RelayStore', () => {
  it('appends in order, acknowledges a repeat, refuses gaps, overflow and path tricks', async () => {
    const dir = tmp();
    const relay = new RelayStore(dir);
    expect(await relay.append('s1', id, 0, Buffer.from('hello '), 11)).toBe(6);
    expect(await relay.append('s1', id, 0, Buffer.from('hello '), 11)).toBe(6);
    await expect(relay.append('s1', id, 2, Buffer.from('x'), 11)).rejects.toMatchObject({ code: 'conflict' });
    await expect(relay.append('s1', id, 1, Buffer.from('world!'), 11)).rejects.toMatchObject({ code: 'too_large' });
    expect(await relay.append('s1', id, 1, Buffer.from('world'), 11)).toBe(11);
    expect(readFileSync(join(dir, `${id}.part`), 'utf8')).toBe('hello world');
    await expect(relay.append('s1', '../../etc/passwd', 0, Buffer.from('x'), 1)).rejects.toMatchObject({ code: 'not_found' });
    await relay.remove(id);
    expect(existsSync(join(dir, `${id}.part`))).toBe(false);
  });

  it('clears only its own leftovers at start-up', async () => {
    const dir = tmp();
    writeFileSync(join(dir, `${id}.part`), 'old');
    writeFileSync(join(dir, 'keep.txt'), 'not ours');
    await new RelayStore(dir).clear();
    expect([existsSync(join(dir, `${id}.part`)), existsSync(join(dir, 'keep.txt'))]).toEqual([false, true]);
  });
});
