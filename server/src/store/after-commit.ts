import { AsyncLocalStorage } from 'node:async_hooks';
import { log } from '../observability/log.ts';

/** Work that may only happen once the transaction it was queued in has committed (notices, bus events). */
export type AfterCommit = () => void | Promise<void>;

/** The outermost transaction open in this async context: what to run once it commits. */
interface Pending {
  open: boolean;
  queue: AfterCommit[];
}

const pending = new AsyncLocalStorage<Pending>();

/**
 * Inside `store.transaction`, queues `fn` to run once the outermost
 * transaction has committed, in the order queued; dropped when it rolls back.
 * Outside a transaction (or after it ended) it runs `fn` at once.
 *
 * Why: a notice sent from inside a transaction tells a party about a state
 * that may never be committed (a later write fails and rolls it back), and
 * another node reading the store would not see it yet.
 */
export function afterCommit(fn: AfterCommit): void {
  const tx = pending.getStore();
  if (tx?.open) tx.queue.push(fn);
  else void settle(fn);
}

/** True while an outermost transaction is open in this async context. */
export function inCommitScope(): boolean {
  return pending.getStore()?.open === true;
}

/**
 * Runs `transaction` (the driver's outermost transaction) with a queue for
 * `afterCommit`; once it has committed, runs the queue in order, each one
 * awaited (so notices keep the order they were queued in) before this
 * resolves. A failing notice is logged: the transition it reports did happen.
 * Nested calls (already inside a queue) just run `transaction`.
 */
export async function withAfterCommit<T>(transaction: () => Promise<T>): Promise<T> {
  if (inCommitScope()) return transaction();
  const tx: Pending = { open: true, queue: [] };
  let out: T;
  try {
    out = await pending.run(tx, transaction);
  } finally {
    tx.open = false;
  }
  // Notices queued by the queue itself run at once (the scope is closed).
  for (const fn of tx.queue.splice(0)) await settle(fn);
  return out;
}

async function settle(fn: AfterCommit): Promise<void> {
  try {
    await fn();
  } catch (err) {
    log.error({ err }, 'after-commit work failed');
  }
}
