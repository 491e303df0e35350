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

/** The driver over one synchronous connection: every statement is atomic on its own. */
class SqliteSql implements Sql {
  readonly dialect = SQLITE;
  readonly #db: DatabaseSync;
  readonly #exclusive = new KeyedSerial();
  constructor(db: DatabaseSync) {
    this.#db = db;
  }
  async all(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.#db.prepare(sql).all(...bind(params)) as Row[];
  }
  async get(sql: string, params: readonly unknown[] = []): Promise<Row | undefined> {
    return this.#db.prepare(sql).get(...bind(params)) as Row | undefined;
  }
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return Number(this.#db.prepare(sql).run(...bind(params)).changes);
  }
  exclusive<T>(name: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
    // One connection, one process per file: an in-process queue is enough.
    return this.#exclusive.run(name, () => fn(this));
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
