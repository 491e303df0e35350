import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RelayStore } from './relay-store.ts';
import { SqliteStore } from '../store/sqlite.ts';
import type { FileTransferRecord } from '../store/files-store.ts';
import type { Store } from '../store/store.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'rs-relay-unit-'));
  dirs.push(d);
  return d;
};
const id = 'ab'.repeat(16);

/** A store with session `s1` (open) and accepted transfers of it with these ids. */
async function storeWith(...ids: string[]): Promise<Store> {
  const store = new SqliteStore(':memory:');
  await store.createSession({ id: 's1', state: 'active', customerName: 'Ada', customerTokenHash: 'h', repId: null, createdAt: 1, queuedAt: 1, acceptedAt: 1, endedAt: null, endReason: null });
  for (const t of ids) {
    const record: FileTransferRecord = {
      id: t, sessionId: 's1', from: 'rep', senderName: 'Rep', name: 'f', size: 11, sha256: 'a'.repeat(64), state: 'accepted',
      route: null, relayReady: false, by: 'customer', at: 1, error: null, relaySeq: 0, relayBytes: 0, relaySent: 0, createdAt: 1,
    };
    await store.files.createTransfer(record);
  }
  return store;
}

describe('RelayStore', () => {
  it('appends in order, acknowledges a repeat, refuses gaps, overflow and path tricks', async () => {
    const dir = tmp();
    const store = await storeWith(id);
    const relay = new RelayStore(dir, store);
    expect(await relay.append(id, 0, Buffer.from('hello '), 11)).toBe(6);
    expect(await relay.append(id, 0, Buffer.from('hello '), 11)).toBe(6);
    await expect(relay.append(id, 2, Buffer.from('x'), 11)).rejects.toMatchObject({ code: 'conflict' });
    await expect(relay.append(id, 1, Buffer.from('world!'), 11)).rejects.toMatchObject({ code: 'too_large' });
    expect(await relay.append(id, 1, Buffer.from('world'), 11)).toBe(11);
    expect(readFileSync(join(dir, `${id}.part`), 'utf8')).toBe('hello world');
    expect(await store.files.transfer(id)).toMatchObject({ relaySeq: 2, relayBytes: 11, relaySent: 11 });
    await expect(relay.append('../../etc/passwd', 0, Buffer.from('x'), 1)).rejects.toMatchObject({ code: 'not_found' });
    await relay.remove(id);
    expect(existsSync(join(dir, `${id}.part`))).toBe(false);
    expect(await store.files.transfer(id)).toMatchObject({ relayBytes: 0 });
  });

  it('cuts off bytes a crash wrote but never counted, and refuses to go on when counted bytes are gone', async () => {
    const dir = tmp();
    const store = await storeWith(id, 'cd'.repeat(16));
    const relay = new RelayStore(dir, store);
    expect(await relay.append(id, 0, Buffer.from('hello '), 11)).toBe(6);
    writeFileSync(join(dir, `${id}.part`), 'hello junk!');
    expect(await relay.append(id, 1, Buffer.from('world'), 11)).toBe(11);
    expect(readFileSync(join(dir, `${id}.part`), 'utf8')).toBe('hello world');
    const other = 'cd'.repeat(16);
    expect(await relay.append(other, 0, Buffer.from('abc'), 11)).toBe(3);
    rmSync(join(dir, `${other}.part`));
    await expect(relay.append(other, 1, Buffer.from('def'), 11)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('sweeps at start-up only files no open transfer holds', async () => {
    const dir = tmp();
    const ended = 'ef'.repeat(16);
    const orphan = '01'.repeat(16);
    const store = await storeWith(id, ended);
    await store.files.updateTransfer(ended, ['accepted'], { state: 'cancelled' });
    for (const name of [`${id}.part`, `${ended}.part`, `${orphan}.part`, 'keep.txt']) writeFileSync(join(dir, name), 'x');
    await new RelayStore(dir, store).sweep();
    expect([id, ended, orphan].map((t) => existsSync(join(dir, `${t}.part`)))).toEqual([true, false, false]);
    expect(existsSync(join(dir, 'keep.txt'))).toBe(true);
    await store.transitionSession('s1', 'active', { state: 'closed', endedAt: 2, endReason: 'rep_closed' });
    await new RelayStore(dir, store).sweep();
    expect(existsSync(join(dir, `${id}.part`))).toBe(false);
  });
});
