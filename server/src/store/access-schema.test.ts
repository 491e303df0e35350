import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './schema.ts';
import { PG_MIGRATIONS } from './pg-schema.ts';
import { PG_ACCESS_MIGRATION, SQLITE_ACCESS_MIGRATION } from './access-schema.ts';
import { pgSuite } from './pg-suite.ts';

const EVENTS = [
  ['queued', { customerName: 'C', personalRepId: 'dan' }],
  ['accepted', { repId: 'ann' }],
  ['transferred', { fromRepId: 'ann', kind: 'rep', repId: 'ben' }],
  ['transferred', { fromRepId: 'ben', kind: 'team', teamId: 'net' }],
  ['closed', { reason: 'rep_closed' }],
] as const;
const EXPECTED = ['rep:ann', 'rep:ben', 'rep:dan', 'rep:eve', 'team:net'];

describe('the session_readers migration', () => {
  it('backfills who took part in sessions served before it, from the sessions, routes and audit log', () => {
    const db = new DatabaseSync(':memory:');
    const before = MIGRATIONS.indexOf(SQLITE_ACCESS_MIGRATION);
    expect(before).toBeGreaterThan(0);
    for (const sql of MIGRATIONS.slice(0, before)) db.exec(sql);
    for (const id of ['ann', 'ben', 'dan', 'eve']) db.prepare("INSERT INTO reps (id, username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, 'rep', 'h', 1)").run(id, id, id);
    db.prepare("INSERT INTO teams (id, name, created_at) VALUES ('net', 'Network', 1)").run();
    db.prepare("INSERT INTO sessions (id, state, customer_name, customer_token_hash, rep_id, created_at, queued_at) VALUES ('s1', 'closed', 'C', 'h1', 'eve', 1, 1)").run();
    db.prepare("INSERT INTO session_routes (session_id, incident, personal_rep_id, team_id) VALUES ('s1', 'INC-1', NULL, 'net')").run();
    const event = db.prepare("INSERT INTO session_events (session_id, kind, at, data) VALUES ('s1', ?, 1, ?)");
    for (const [kind, data] of EVENTS) event.run(kind, JSON.stringify(data));
    db.exec(SQLITE_ACCESS_MIGRATION);
    const rows = db.prepare("SELECT kind || ':' || subject_id AS r FROM session_readers WHERE session_id = 's1' ORDER BY kind, subject_id").all().map((r) => r.r);
    expect(rows).toEqual(EXPECTED);
    db.close();
  });
});

describe('the session_readers migration on PostgreSQL', { timeout: 30_000 }, () => {
  const { cluster, later } = pgSuite();

  it('backfills the same', async () => {
    const client = new pg.Client({ connectionString: await cluster().freshDatabase() });
    await client.connect();
    later(() => client.end());
    // The fresh database is already migrated: replay the migrations before this one in a schema of its own.
    await client.query('CREATE SCHEMA before_access; SET search_path TO before_access');
    const before = PG_MIGRATIONS.indexOf(PG_ACCESS_MIGRATION);
    expect(before).toBeGreaterThan(0);
    for (const sql of PG_MIGRATIONS.slice(0, before)) await client.query(sql);
    for (const id of ['ann', 'ben', 'dan', 'eve']) await client.query("INSERT INTO reps (id, username, display_name, role, password_hash, created_at) VALUES ($1, $1, $1, 'rep', 'h', 1)", [id]);
    await client.query("INSERT INTO teams (id, name, created_at) VALUES ('net', 'Network', 1)");
    await client.query("INSERT INTO sessions (id, state, customer_name, customer_token_hash, rep_id, created_at, queued_at) VALUES ('s1', 'closed', 'C', 'h1', 'eve', 1, 1)");
    await client.query("INSERT INTO session_routes (session_id, incident, personal_rep_id, team_id) VALUES ('s1', 'INC-1', NULL, 'net')");
    for (const [kind, data] of EVENTS) await client.query("INSERT INTO session_events (session_id, kind, at, data) VALUES ('s1', $1, 1, $2::jsonb)", [kind, JSON.stringify(data)]);
    await client.query(PG_ACCESS_MIGRATION);
    const { rows } = await client.query<{ r: string }>("SELECT kind || ':' || subject_id AS r FROM session_readers WHERE session_id = 's1'");
    expect(rows.map((r) => r.r).sort()).toEqual(EXPECTED);
  });
});
