/**
 * The one seam between the store's SQL (written once, portable between SQLite
 * and PostgreSQL) and a database: each backend supplies a driver.
 */

import type { GroupResult } from './write-group.ts';

/** A result row, column names as in the schema. */
export type Row = Record<string, unknown>;

/** Where the two dialects' SQL differs. */
export interface Dialect {
  /** Case-insensitive LIKE (SQLite's LIKE already is, for ASCII). */
  readonly ilike: string;
  /**
   * Inserts a transcript line with its session's next sequence number, race-free
   * across connections and processes; RETURNING *.
   * Parameters: id, sessionId, author, authorName, text, at, maxSeq: no row is inserted (and none
   * returned) when the next number would pass maxSeq.
   */
  readonly appendMessage: string;
  /**
   * The same for many lines in one statement, where the backend gains from it (a round trip per line
   * otherwise). Parameters: one array per column of `appendMessage`, one element per line, in call order;
   * answers the inserted rows, in any order (a line past its cap is left out).
   */
  readonly appendMessages?: string;
}

export interface Sql {
  readonly dialect: Dialect;
  /** `?` placeholders; booleans, undefined and byte arrays are bound as the backend needs. */
  all(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  get(sql: string, params?: readonly unknown[]): Promise<Row | undefined>;
  /** How many rows the statement changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Runs one statement once per parameter list, in order, all in one transaction (or in the caller's),
   * and answers each run's first row, or that run's own failure (the others still commit). Rejects when
   * the group as a whole did not commit: then nothing of it was persisted.
   */
  group(sql: string, rows: readonly (readonly unknown[])[]): Promise<GroupResult<Row | undefined>[]>;
  /**
   * Runs `fn` while no other `exclusive(name, ...)` runs, in any process sharing
   * the database (PostgreSQL: a transaction holding an advisory lock).
   */
  exclusive<T>(name: string, fn: (sql: Sql) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` as one transaction: every statement issued in its async context
   * (through this Sql, whoever calls) is part of it; it commits when `fn`
   * resolves and rolls back when it throws. Nested calls join the outer one.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** True inside `transaction`'s async context. */
  inTransaction(): boolean;
}

/** Reads a nullable column. */
export const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
export const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
/** SQLite keeps booleans as 0/1, PostgreSQL as BOOLEAN. */
export const bool = (v: unknown) => v === true || v === 1 || v === 1n;
/** SQLite keeps JSON as TEXT; PostgreSQL's JSONB arrives parsed. */
export const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** Runs tasks of one key one after another, in call order (other keys run freely). */
export class KeyedSerial {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.#tails.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return next;
  }
}
