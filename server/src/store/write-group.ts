/**
 * Group commit: writes that arrive in the same event-loop turn are committed
 * together, in one transaction, and each caller is resolved only once that
 * transaction has committed (so "persisted before acknowledged" still holds),
 * with one commit (one fsync) for the whole group instead of one per write.
 */

/** The whole group failed to commit (the database is gone, the disk full ...): nothing of it was persisted. */
export class WriteGroupError extends Error {
  readonly code = 'store_write_failed';
  constructor(cause: unknown) {
    super(`the store could not commit a group of writes: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'WriteGroupError';
  }
}

/** What one write of a committed group came to: its result, or its own failure (the rest of the group committed). */
export type GroupResult<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Commits a group in call order and answers one result per item, in order; throws when the group as a
 * whole did not commit.
 */
export type CommitGroup<T, R> = (items: readonly T[]) => Promise<readonly GroupResult<R>[]>;

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects writes for one event-loop turn, then hands them to `commit` as one group. One group is in
 * flight at a time: what arrives meanwhile forms the next group, so groups (and the writes of one
 * transcript) commit in the order they were called.
 */
export class WriteGroup<T, R> {
  readonly #commit: CommitGroup<T, R>;
  readonly #max: number;
  #waiting: Waiting<T, R>[] = [];
  #scheduled = false;
  #busy = false;

  /** `max` bounds one group (a transaction's size and the time one commit holds the database). */
  constructor(commit: CommitGroup<T, R>, { max = 1000 }: { max?: number } = {}) {
    this.#commit = commit;
    this.#max = max;
  }

  /** Resolves once nothing waits and no group is in flight (every write pushed so far settled). */
  async idle(): Promise<void> {
    while (this.#busy || this.#scheduled || this.#waiting.length > 0) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Resolves with the write's result once its group committed; rejects with its own error, or a `WriteGroupError`. */
  push(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#busy) return;
    this.#scheduled = true;
    // setImmediate: after this turn's I/O callbacks, so every frame read in this turn joins the group.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    if (this.#waiting.length === 0) return;
    this.#busy = true;
    const group = this.#waiting.splice(0, this.#max);
    try {
      let results: readonly GroupResult<R>[];
      try {
        results = await this.#commit(group.map((w) => w.item));
      } catch (err) {
        const failure = new WriteGroupError(err);
        for (const w of group) w.reject(failure);
        return;
      }
      group.forEach((w, i) => {
        const r = results[i];
        if (!r) w.reject(new WriteGroupError(new Error('no result for this write')));
        else if (r.ok) w.resolve(r.value);
        else w.reject(r.error);
      });
    } finally {
      this.#busy = false;
      if (this.#waiting.length > 0) this.#schedule();
    }
  }
}
