import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { PG_MIGRATIONS } from './pg-schema.ts';
import { SqlStore } from './sql-store.ts';
import type { Dialect, Row, Sql } from './sql.ts';
import type { GroupResult } from './write-group.ts';
import { log } from '../observability/log.ts';

const POSTGRES: Dialect = {
  ilike: 'ILIKE',
  // The session row's counter is incremented under its row lock: a concurrent append
  // (another connection or process) waits, then increments the committed value.
  appendMessage: `WITH s AS (UPDATE sessions SET last_message_seq = last_message_seq + 1 WHERE id = $2 AND last_message_seq < $7 RETURNING last_message_seq)
    INSERT INTO messages (id, session_id, seq, author, author_name, text, at)
    SELECT $1, $2, s.last_message_seq, $3, $4, $5, $6 FROM s
    RETURNING *`,
  // The sessions' rows are locked in id order (two groups on two nodes cannot deadlock), each session's
  // lines numbered in call order from its counter, and the counter moved past the lines kept.
  appendMessages: `WITH input AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::int[])
        WITH ORDINALITY AS t(id, session_id, author, author_name, text, at, max_seq, ord)),
    locked AS (SELECT s.id, s.last_message_seq FROM sessions s WHERE s.id IN (SELECT session_id FROM input) ORDER BY s.id FOR UPDATE),
    numbered AS (
      SELECT i.*, l.last_message_seq + row_number() OVER (PARTITION BY i.session_id ORDER BY i.ord) AS seq
      FROM input i JOIN locked l ON l.id = i.session_id),
    kept AS (SELECT * FROM numbered WHERE seq <= max_seq),
    bumped AS (
      UPDATE sessions s SET last_message_seq = k.top
      FROM (SELECT session_id, MAX(seq) AS top FROM kept GROUP BY session_id) k WHERE s.id = k.session_id)
    INSERT INTO messages (id, session_id, seq, author, author_name, text, at)
    SELECT id, session_id, seq, author, author_name, text, at FROM kept ORDER BY ord
    RETURNING *`,
};

/** Advisory lock keys of this product: (namespace, hash of a name). */
const LOCK_NAMESPACE = 0x52_53; // "RS"
const MIGRATION_LOCK = 'schema-migrations';

/** BIGINT milliseconds (and counts) as numbers; every other type as pg parses it. */
const INT8 = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** `?` placeholders become `$1..$n` (statements written with `$n` are left alone). */
const placeholders = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** Most SQL texts given a name (so each connection prepares them once); dynamic ones past it run unnamed. */
const NAMED_STATEMENTS = 512;
const statementNames = new Map<string, string>();

/**
 * The query for a SQL text: converted once, and named, so node-postgres prepares it once per connection
 * and then only binds and executes (the names are this process's own; a text keeps its name).
 */
const prepared = (sql: string): { name?: string; text: string } => {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < NAMED_STATEMENTS) statementNames.set(sql, (name = `rs${statementNames.size}`));
  const text = placeholders(sql);
  return name === undefined ? { text } : { name, text };
};

const bind = (params: readonly unknown[]) =>
  params.map((v) => (v instanceof Uint8Array && !Buffer.isBuffer(v) ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v ?? null));

type Queryable = pg.Pool | pg.PoolClient;

/** The transaction open in this async context: its client, until it ends. */
type TxContext = { client: pg.PoolClient; open: boolean };

/** The driver over a connection pool (or, inside `exclusive`, one client in a transaction). */
class PgSql implements Sql {
  readonly dialect = POSTGRES;
  readonly #db: Queryable;
  readonly #pool: pg.Pool;
  readonly #tx: AsyncLocalStorage<TxContext>;
  constructor(pool: pg.Pool, db: Queryable = pool, tx = new AsyncLocalStorage<TxContext>()) {
    this.#pool = pool;
    this.#db = db;
    this.#tx = tx;
  }

  inTransaction(): boolean {
    return this.#tx.getStore()?.open === true;
  }

  async #query(sql: string, params: readonly unknown[]) {
    const tx = this.#tx.getStore();
    return (tx?.open ? tx.client : this.#db).query<Row>({ ...prepared(sql), values: bind(params) as unknown[] });
  }
  async group(sql: string, rows: readonly (readonly unknown[])[]): Promise<GroupResult<Row | undefined>[]> {
    const query = prepared(sql);
    const tx = this.#tx.getStore();
    // Issued all at once: node-postgres queues them on the one connection, with no turn of our event loop between.
    const runAll = (db: Queryable) => Promise.allSettled(rows.map((params) => db.query<Row>({ ...query, values: bind(params) as unknown[] })));
    const results = (settled: PromiseSettledResult<pg.QueryResult<Row>>[]) =>
      settled.map((r): GroupResult<Row | undefined> => (r.status === 'fulfilled' ? { ok: true, value: r.value.rows[0] } : { ok: false, error: r.reason }));
    if (tx?.open || this.#db !== this.#pool) return results(await runAll(tx?.open ? tx.client : this.#db));
    let statementFailed = false;
    try {
      return await transaction(this.#pool, async (client) => {
        const settled = await runAll(client);
        // One failed statement aborts a PostgreSQL transaction: roll the group back and run each on its own below.
        if (settled.some((r) => r.status === 'rejected')) {
          statementFailed = true;
          throw new Error('a statement of the group failed');
        }
        return results(settled);
      });
    } catch (err) {
      if (!statementFailed) throw err;
    }
    const out: GroupResult<Row | undefined>[] = [];
    for (const params of rows) out.push(...results(await Promise.allSettled([this.#pool.query<Row>({ ...query, values: bind(params) as unknown[] })])));
    return out;
  }
  async all(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return (await this.#query(sql, params)).rows;
  }
  async get(sql: string, params: readonly unknown[] = []): Promise<Row | undefined> {
    return (await this.#query(sql, params)).rows[0];
  }
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.#query(sql, params)).rowCount ?? 0;
  }
  exclusive<T>(name: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
    const tx = this.#tx.getStore();
    if (tx?.open) return tx.client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, name]).then(() => fn(this));
    // Nested in another exclusive: its transaction's client takes this lock too (a second connection could starve the pool).
    if (this.#db !== this.#pool) return this.#db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, name]).then(() => fn(this));
    return transaction(this.#pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, name]);
      return fn(new PgSql(this.#pool, client, this.#tx));
    });
  }
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction()) return fn();
    return transaction(this.#pool, async (client) => {
      const context: TxContext = { client, open: true };
      try {
        return await this.#tx.run(context, fn);
      } finally {
        // Work that fn started and left running goes back to the pool, not to a released client.
        context.open = false;
      }
    });
  }
}

async function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Brings the schema up to date under a session advisory lock: a second server
 * starting at the same moment waits, then finds nothing left to do.
 */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_NAMESPACE, MIGRATION_LOCK]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version');
      const current = Number(rows[0]?.v ?? 0);
      if (current > PG_MIGRATIONS.length) throw new Error(`the database schema (version ${current}) is newer than this server (${PG_MIGRATIONS.length})`);
      for (const [i, sql] of PG_MIGRATIONS.slice(current).entries()) {
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO schema_version (version) VALUES ($1)', [current + i + 1]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE, MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** The URL with its password hidden, for messages. */
export const redactUrl = (url: string): string => url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');

export interface PgOptions {
  /** Most connections the pool opens (default 10). */
  max?: number;
  /** How long to wait for a connection before failing (default 10 s). */
  connectTimeoutMs?: number;
}

/** The store at scale: PostgreSQL through a connection pool. Open it with `PgStore.open`. */
export class PgStore extends SqlStore {
  private constructor(pool: pg.Pool) {
    super(new PgSql(pool), async () => {
      if (!pool.ended && !pool.ending) await pool.end();
    });
  }

  /** Connects, migrates, and fails with a clear message when PostgreSQL cannot be reached. */
  static async open(url: string, options: PgOptions = {}): Promise<PgStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000, types });
    // An idle connection the server drops (restart, failover) must not crash the process; the pool replaces it.
    pool.on('error', (err) => log.error({ error: err.message }, 'PostgreSQL connection lost'));
    const fail = async (what: string, err: unknown) => {
      await pool.end().catch(() => undefined);
      return new Error(`PostgreSQL at ${redactUrl(url)} ${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    };
    try {
      (await pool.connect()).release();
    } catch (err) {
      throw await fail('is unreachable', err);
    }
    try {
      await migrate(pool);
    } catch (err) {
      throw await fail('could not be migrated', err);
    }
    return new PgStore(pool);
  }
}
