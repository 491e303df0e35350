import { expect, it } from 'vitest';
import type { SessionRecord, Store } from './store.ts';
import { afterCommit } from './after-commit.ts';

const session = (id: string): SessionRecord => ({
  id, state: 'queued', customerName: 'Ada', customerTokenHash: `hash-${id}`, repId: null,
  createdAt: 1, queuedAt: 1, acceptedAt: null, endedAt: null, endReason: null,
});

/** `Store.transaction`: all or nothing, invisible to others until it commits, nested calls join it. */
export function transactionContract(fresh: () => Promise<Store>): void {
  it('commits every write made inside, by any caller in its async context', async () => {
    const store = await fresh();
    const out = await store.transaction(async () => {
      await store.createSession(session('t1'));
      await store.transitionSession('t1', 'queued', { state: 'held' });
      await store.appendEvent('t1', 'held', 2, {});
      await store.appendMessage({ id: 'm1', sessionId: 't1', author: 'system', authorName: 'System', text: 'x', at: 2 });
      return 'done';
    });
    expect(out).toBe('done');
    expect((await store.session('t1'))?.state).toBe('held');
    expect((await store.events('t1')).map((e) => e.kind)).toEqual(['held']);
    expect((await store.messages('t1')).map((m) => m.seq)).toEqual([1]);
  });

  it('leaves nothing of a transaction that failed between two writes', async () => {
    const store = await fresh();
    await store.createSession(session('t2'));
    const failure = new Error('injected between two writes');
    await expect(
      store.transaction(async () => {
        await store.transitionSession('t2', 'queued', { state: 'active', repId: null, acceptedAt: 5 });
        await store.appendMessage({ id: 'm2', sessionId: 't2', author: 'system', authorName: 'System', text: 'joined', at: 5 });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await store.session('t2'))?.state).toBe('queued');
    expect(await store.messages('t2')).toEqual([]);
    // The store is usable afterwards, and the sequence did not skip.
    expect((await store.appendMessage({ id: 'm3', sessionId: 't2', author: 'system', authorName: 'System', text: 'y', at: 6 })).seq).toBe(1);
  });

  it('is invisible to readers outside it until it commits', async () => {
    const store = await fresh();
    await store.createSession(session('t3'));
    let inside!: () => void;
    const written = new Promise<void>((resolve) => (inside = resolve));
    let finish!: () => void;
    const hold = new Promise<void>((resolve) => (finish = resolve));
    const tx = store.transaction(async () => {
      await store.transitionSession('t3', 'queued', { state: 'held' });
      inside();
      await hold;
    });
    await written;
    // Outside: SQLite waits for the commit, PostgreSQL reads the last committed row; neither sees 'held' early.
    const outside = store.session('t3');
    const early = await Promise.race([outside.then((s) => s?.state), new Promise((r) => setImmediate(() => r('waiting')))]);
    expect(early === 'queued' || early === 'waiting').toBe(true);
    finish();
    await tx;
    expect((await store.session('t3'))?.state).toBe('held');
    expect(['queued', 'held']).toContain((await outside)?.state);
  });

  it('joins an outer transaction when nested, and runs two transactions one after the other', async () => {
    const store = await fresh();
    await store.createSession(session('t4'));
    await expect(
      store.transaction(async () => {
        await store.transaction(async () => store.appendEvent('t4', 'inner', 1, {}));
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await store.events('t4')).toEqual([]);
    const both = await Promise.all(
      ['a', 'b'].map((k) => store.transaction(async () => {
        await store.appendEvent('t4', k, 1, {});
        return store.appendMessage({ id: `m-${k}`, sessionId: 't4', author: 'system', authorName: 'System', text: k, at: 1 });
      })),
    );
    expect(both.map((m) => m.seq).sort()).toEqual([1, 2]);
    expect((await store.events('t4')).map((e) => e.kind).sort()).toEqual(['a', 'b']);
  });
}

/** `afterCommit`: notices queued inside a transaction run once it committed, in order; never when it rolled back. */
export function afterCommitContract(fresh: () => Promise<Store>): void {
  it('runs queued work after the outermost commit, in order, and drops it on rollback', async () => {
    const store = await fresh();
    await store.createSession(session('a1'));
    const seen: string[] = [];
    await store.transaction(async () => {
      afterCommit(async () => {
        // Committed and visible to a reader outside the transaction by now.
        seen.push(`first:${(await store.session('a1'))?.state}`);
      });
      await store.transaction(async () => {
        await store.transitionSession('a1', 'queued', { state: 'held' });
        afterCommit(() => void seen.push('nested'));
      });
      seen.push('inside');
    });
    expect(seen).toEqual(['inside', 'first:held', 'nested']);

    await expect(
      store.transaction(async () => {
        afterCommit(() => void seen.push('never'));
        await store.transitionSession('a1', 'held', { state: 'active' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(seen).not.toContain('never');
    expect((await store.session('a1'))?.state).toBe('held');

    afterCommit(() => void seen.push('outside'));
    expect(seen.at(-1)).toBe('outside');
  });

  it('logs a failing notice without failing the committed transaction', async () => {
    const store = await fresh();
    const ran: string[] = [];
    const out = await store.transaction(async () => {
      afterCommit(() => {
        throw new Error('notice failed');
      });
      afterCommit(() => void ran.push('next'));
      await store.createSession(session('a2'));
      return 'ok';
    });
    expect(out).toBe('ok');
    expect(ran).toEqual(['next']);
    expect((await store.session('a2'))?.state).toBe('queued');
  });
}
