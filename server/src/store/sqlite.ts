import { AsyncLocalStorage } from 'node:async_hooks';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './schema.ts';
import { SqlStore } from './sql-store.ts';
import { KeyedSerial, type Dialect, type Row, type Sql } from './sql.ts';

const SQLITE: Dialect = {
  ilike: 'LIKE',
  // One statement, so the sequence number cannot race within this process or across writers.
  appendMessage: `INSERT INTO messages (id, session_id, seq, author, author_name, text, at)
    VALUES (?1, ?2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE session_id = ?2), ?3, ?4, ?5, ?6)
    RETURNING *`,
};

/** node:sqlite binds no booleans and no undefined. */
const bind = (params: readonly unknown[]) =>
  params.map((v): SQLInputValue => (v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : (v as SQLInputValue)));

/**
 * The driver over one synchronous connection: every statement is atomic on its
 * own. A transaction holds the connection: while one is open, statements from
 * outside its async context wait (they would otherwise land inside it).
 */
class SqliteSql implements Sql {
  readonly dialect = SQLITE;
  readonly #db: DatabaseSync;
  readonly #exclusive = new KeyedSerial();
  readonly #tx = new AsyncLocalStorage<{ open: boolean }>();
  /** Settles when the open transaction ends; null when none is open. */
  #gate: Promise<void> | null = null;
  constructor(db: DatabaseSync) {
    this.#db = db;
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
    return this.#db.prepare(sql).all(...bind(params)) as Row[];
  }
  async get(sql: string, params: readonly unknown[] = []): Promise<Row | undefined> {
    while (this.#blocked()) await this.#gate;
    return this.#db.prepare(sql).get(...bind(params)) as Row | undefined;
  }
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    while (this.#blocked()) await this.#gate;
    return Number(this.#db.prepare(sql).run(...bind(params)).changes);
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
  db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  migrate(db);
  return db;
}

/** The embedded default store: one SQLite file (or `:memory:`), WAL mode. */
export class SqliteStore extends SqlStore {
  constructor(file: string) {
    const db = open(file);
    super(new SqliteSql(db), async () => {
      if (db.isOpen) db.close();
    });
  }
}
