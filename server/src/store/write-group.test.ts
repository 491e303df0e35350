import { describe, expect, it } from 'vitest';
import { WriteGroup, WriteGroupError, type GroupResult } from './write-group.ts';

/** A commit that records each group and answers each item doubled, or its own failure for negatives. */
function recorder() {
  const groups: number[][] = [];
  let fail: Error | null = null;
  let release: (() => void) | null = null;
  const commit = async (items: readonly number[]): Promise<GroupResult<number>[]> => {
    groups.push([...items]);
    if (release === null && items.includes(999)) await new Promise<void>((r) => (release = r));
    if (fail) throw fail;
    return items.map((n) => (n < 0 ? { ok: false, error: new Error(`bad ${n}`) } : { ok: true, value: n * 2 }));
  };
  return { groups, commit, failNext: (e: Error) => (fail = e), release: () => release?.() };
}

describe('WriteGroup', () => {
  it('commits the writes of one turn as one group, in call order, and resolves each with its result', async () => {
    const r = recorder();
    const g = new WriteGroup(r.commit);
    expect(await Promise.all([1, 2, 3].map((n) => g.push(n)))).toEqual([2, 4, 6]);
    expect(r.groups).toEqual([[1, 2, 3]]);
  });

  it('collects what arrives while a group commits into the next group, committed after it', async () => {
    const r = recorder();
    const g = new WriteGroup(r.commit);
    const first = g.push(999);
    await new Promise((res) => setImmediate(res));
    const later = [g.push(4), g.push(5)];
    await new Promise((res) => setImmediate(res));
    expect(r.groups).toEqual([[999]]);
    r.release();
    expect(await first).toBe(1998);
    expect(await Promise.all(later)).toEqual([8, 10]);
    expect(r.groups).toEqual([[999], [4, 5]]);
  });

  it('fails every caller of a group that did not commit with a WriteGroupError, then goes on', async () => {
    const r = recorder();
    const g = new WriteGroup(r.commit);
    r.failNext(new Error('disk full'));
    const settled = await Promise.allSettled([g.push(1), g.push(2)]);
    for (const s of settled) {
      expect(s.status).toBe('rejected');
      const reason = (s as PromiseRejectedResult).reason as WriteGroupError;
      expect(reason).toBeInstanceOf(WriteGroupError);
      expect(reason.code).toBe('store_write_failed');
      expect((reason.cause as Error).message).toBe('disk full');
    }
  });

  it('fails only the write whose own statement failed', async () => {
    const r = recorder();
    const g = new WriteGroup(r.commit);
    const settled = await Promise.allSettled([g.push(1), g.push(-1), g.push(3)]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((settled[1] as PromiseRejectedResult).reason as Error).message).toBe('bad -1');
  });

  it('bounds a group to max writes', async () => {
    const r = recorder();
    const g = new WriteGroup(r.commit, { max: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((n) => g.push(n)));
    expect(r.groups).toEqual([[1, 2], [3, 4], [5]]);
  });
});
