import { AsyncLocalStorage } from 'node:async_hooks';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './schema.ts';
import { SqlStore } from './sql-store.ts';
import { KeyedSerial, type Dialect, type Row, type Sql } from './sql.ts';
import { WriteGroup, type GroupResult } from './write-group.ts';

/** Most statements kept prepared (the SQL texts are the code's own, a few hundred; dynamic ones past it are evicted oldest first). */
const STATEMENT_CACHE = 512;

const SQLITE: Dialect = {
  ilike: 'LIKE',
  // One statement, so the sequence number cannot race within this process or across writers.
  appendMessage: `INSERT INTO messages (id, session_id, seq, author, author_name, text, at)
    SELECT ?1, ?2, n.seq, ?3, ?4, ?5, ?6 FROM (SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM messages WHERE session_id = ?2) n
    WHERE n.seq <= ?7
    RETURNING *`,
};

/** A statement that writes: outside a transaction it joins the turn's group commit. */
const WRITES = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;

/** One write waiting for its turn's commit: `run` answers the rows changed, `get` the first row (RETURNING). */
type Pending = { sql: string; params: readonly unknown[]; kind: 'run' | 'get' };

/** node:sqlite binds no booleans and no undefined. */
const bind = (params: readonly unknown[]) =>
  params.map((v): SQLInputValue => (v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : (v as SQLInputValue)));

/**
 * The driver over one synchronous connection: every statement is atomic on its
 * own. A transaction holds the connection: while one is open, statements from
 * outside its async context wait (they would otherwise land inside it).
 *
 * Writes outside a transaction are group-committed: those issued in one
 * event-loop turn (a customer's peer id, the absence cleared at their connect,
 * the PeerJS socket's node, from many connections at once) run in one
 * BEGIN IMMEDIATE ... COMMIT after the turn, and each caller is answered only
 * once it has committed, so persisted-before-answered holds as before. A
 * commit costs far more than a small statement in it (about 200 µs against
 * 10-40 µs on this machine's ext4 with WAL): the connect path paid that three
 * times per customer. A failed statement undoes only itself (SQLite's
 * statement rollback) and fails only its caller; a failed commit fails the
 * whole group with `store_write_failed`.
 */
class SqliteSql implements Sql {
  readonly dialect = SQLITE;
  readonly #db: DatabaseSync;
  readonly #exclusive = new KeyedSerial();
  readonly #tx = new AsyncLocalStorage<{ open: boolean }>();
  /** Settles when the open transaction ends; null when none is open. */
  #gate: Promise<void> | null = null;
  /** Prepared once per SQL text: preparing is a parse and plan each time, a large part of a small statement's cost. */
  readonly #statements = new Map<string, StatementSync>();
  readonly #writes = new WriteGroup<Pending, Row | number | undefined>((items) => this.#commitWrites(items));
  constructor(db: DatabaseSync) {
    this.#db = db;
  }
  /** Resolves once every write issued so far has committed (or failed): before the file closes. */
  drain(): Promise<void> {
    return this.#writes.idle();
  }
  async #commitWrites(items: readonly Pending[]): Promise<GroupResult<Row | number | undefined>[]> {
    while (this.#blocked()) await this.#gate;
    // From here on synchronous: nothing else of this process runs between BEGIN and COMMIT.
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const out = items.map(({ sql, params, kind }): GroupResult<Row | number | undefined> => {
        try {
          const stmt = this.#prepare(sql);
          return { ok: true, value: kind === 'get' ? (stmt.get(...bind(params)) as Row | undefined) : Number(stmt.run(...bind(params)).changes) };
        } catch (error) {
          return { ok: false, error };
        }
      });
      this.#db.exec('COMMIT');
      return out;
    } catch (err) {
      if (this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw err;
    }
  }
  /** A write outside a transaction waits for its turn's group; anything else runs now. */
  #grouped(sql: string): boolean {
    return !this.inTransaction() && WRITES.test(sql);
  }
  #prepare(sql: string): StatementSync {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      if (this.#statements.size >= STATEMENT_CACHE) this.#statements.delete(this.#statements.keys().next().value!);
      stmt = this.#db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }
  inTransaction(): boolean {
    return this.#tx.getStore()?.open === true;
  }
  /** Another context's transaction is open: a statement must wait it out (checked and run with no await between). */
  #blocked(): boolean {
    return this.#gate !== null && !this.inTransaction();
  }
  async all(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    while (this.#blocked()) await this.#gate;
    return this.#prepare(sql).all(...bind(params)) as Row[];
  }
  async get(sql: string, params: readonly unknown[] = []): Promise<Row | undefined> {
    if (this.#grouped(sql)) return (await this.#writes.push({ sql, params, kind: 'get' })) as Row | undefined;
    while (this.#blocked()) await this.#gate;
    return this.#prepare(sql).get(...bind(params)) as Row | undefined;
  }
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    if (this.#grouped(sql)) return (await this.#writes.push({ sql, params, kind: 'run' })) as number;
    while (this.#blocked()) await this.#gate;
    return Number(this.#prepare(sql).run(...bind(params)).changes);
  }
  async group(sql: string, rows: readonly (readonly unknown[])[]): Promise<GroupResult<Row | undefined>[]> {
    while (this.#blocked()) await this.#gate;
    // From here on synchronous: nothing else of this process runs between BEGIN and COMMIT.
    const stmt = this.#prepare(sql);
    const own = !this.inTransaction();
    if (own) this.#db.exec('BEGIN IMMEDIATE');
    try {
      // A failed statement undoes only itself in SQLite: the rest of the group still commits.
      const out = rows.map((params): GroupResult<Row | undefined> => {
        try {
          return { ok: true, value: stmt.get(...bind(params)) as Row | undefined };
        } catch (error) {
          return { ok: false, error };
        }
      });
      if (own) this.#db.exec('COMMIT');
      return out;
    } catch (err) {
      if (own && this.#db.isTransaction) this.#db.exec('ROLLBACK');
      throw err;
    }
  }
  exclusive<T>(name: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
    // Inside a transaction nothing else of this process runs statements: it is exclusive already
    // (and queueing behind a holder that waits for this transaction would deadlock).
    if (this.inTransaction()) return fn(this);
    // One connection, one process per file: an in-process queue is enough.
    return this.#exclusive.run(name, () => fn(this));
  }
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction()) return fn();
    // No await between the last check and taking the gate: two transactions cannot both pass.
    while (this.#gate) await this.#gate;
    let release!: () => void;
    this.#gate = new Promise<void>((resolve) => (release = resolve));
    const context = { open: true };
    try {
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        const out = await this.#tx.run(context, fn);
        this.#db.exec('COMMIT');
        return out;
      } catch (err) {
        this.#db.exec('ROLLBACK');
        throw err;
      }
    } finally {
      context.open = false;
      this.#gate = null;
      release();
    }
  }
}

function migrate(db: DatabaseSync): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as Row | undefined;
  const current = Number(row?.v ?? 0);
  MIGRATIONS.slice(current).forEach((sql, i) => {
    db.exec('BEGIN');
    try {
      db.exec(sql);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(current + i + 1);
      db.exec('COMMIT');
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  });
}

function open(file: string): DatabaseSync {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  // WAL with synchronous=NORMAL: a commit is in the WAL file when it returns, so a crash of this process
  // loses nothing committed; only the operating system crashing or power failing before the next WAL sync
  // (at a checkpoint) can lose the last commits. FULL would fsync on every commit.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  migrate(db);
  return db;
}

/** The embedded default store: one SQLite file (or `:memory:`), WAL mode. */
export class SqliteStore extends SqlStore {
  constructor(file: string) {
    const db = open(file);
    const sql = new SqliteSql(db);
    super(sql, async () => {
      await sql.drain();
      if (db.isOpen) db.close();
    });
  }
}
