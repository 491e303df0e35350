import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChatMessage } from '@rs/protocol';
import type { NewMessage, PeerRecord, PermissionRecord, RecordingRecord, RepRecord, SessionRecord, Store } from './store.ts';
import { MIGRATIONS } from './schema.ts';
import { SqliteClickToChatStore } from './sqlite-click-to-chat.ts';
import { SqliteWorkflowStore } from './sqlite-workflow.ts';
import { SqlitePeopleStore } from './sqlite-people.ts';

type Row = Record<string, SQLInputValue>;

const repFrom = (r: Row): RepRecord => ({
  id: String(r.id),
  username: String(r.username),
  displayName: String(r.display_name),
  role: r.role === 'admin' ? 'admin' : 'rep',
  passwordHash: String(r.password_hash),
  createdAt: Number(r.created_at),
});

const nullableNumber = (v: SQLInputValue | undefined) => (v === null || v === undefined ? null : Number(v));

const sessionFrom = (r: Row): SessionRecord => ({
  id: String(r.id),
  state: r.state as SessionRecord['state'],
  customerName: String(r.customer_name),
  customerTokenHash: String(r.customer_token_hash),
  repId: r.rep_id === null ? null : String(r.rep_id),
  createdAt: Number(r.created_at),
  queuedAt: Number(r.queued_at),
  acceptedAt: nullableNumber(r.accepted_at),
  endedAt: nullableNumber(r.ended_at),
  endReason: (r.end_reason ?? null) as SessionRecord['endReason'],
  siteId: r.site_id === null || r.site_id === undefined ? null : String(r.site_id),
  recordingAllowed: r.recording_allowed === null || r.recording_allowed === undefined ? null : Number(r.recording_allowed) === 1,
});

/** node:sqlite binds no booleans and no undefined. */
const toSql = (v: unknown): SQLInputValue => (v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : (v as SQLInputValue));

const messageFrom = (r: Row): ChatMessage => ({
  id: String(r.id),
  sessionId: String(r.session_id),
  seq: Number(r.seq),
  author: r.author as ChatMessage['author'],
  authorName: String(r.author_name),
  text: String(r.text),
  at: Number(r.at),
});

const peerFrom = (r: Row): PeerRecord => ({
  peerId: String(r.peer_id),
  sessionId: String(r.session_id),
  side: r.side === 'rep' ? 'rep' : 'customer',
  tokenHash: String(r.token_hash),
  createdAt: Number(r.created_at),
});

const recordingFrom = (r: Row): RecordingRecord => ({
  id: String(r.id),
  sessionId: String(r.session_id),
  repId: String(r.rep_id),
  mimeType: String(r.mime_type),
  startedAt: Number(r.started_at),
  updatedAt: Number(r.updated_at),
  bytes: Number(r.bytes),
  chunks: Number(r.chunks),
  finished: Number(r.finished) === 1,
});

const SESSION_COLUMNS: Record<keyof SessionRecord, string> = {
  id: 'id',
  state: 'state',
  customerName: 'customer_name',
  customerTokenHash: 'customer_token_hash',
  repId: 'rep_id',
  createdAt: 'created_at',
  queuedAt: 'queued_at',
  acceptedAt: 'accepted_at',
  endedAt: 'ended_at',
  endReason: 'end_reason',
  siteId: 'site_id',
  recordingAllowed: 'recording_allowed',
};

/** The embedded default store: one SQLite file (or `:memory:`), WAL mode. */
export class SqliteStore implements Store {
  readonly #db: DatabaseSync;
  readonly clickToChat: SqliteClickToChatStore;
  readonly workflow: SqliteWorkflowStore;
  readonly people: SqlitePeopleStore;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.#db = new DatabaseSync(file);
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    this.#migrate();
    this.clickToChat = new SqliteClickToChatStore(this.#db);
    this.workflow = new SqliteWorkflowStore(this.#db);
    this.people = new SqlitePeopleStore(this.#db);
  }

  #migrate(): void {
    this.#db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = this.#db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as Row | undefined;
    const current = Number(row?.v ?? 0);
    MIGRATIONS.slice(current).forEach((sql, i) => {
      this.#db.exec('BEGIN');
      try {
        this.#db.exec(sql);
        this.#db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(current + i + 1);
        this.#db.exec('COMMIT');
      } catch (err) {
        this.#db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  #get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.#db.prepare(sql).get(...params) as Row | undefined;
  }

  #all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.#db.prepare(sql).all(...params) as Row[];
  }

  async createRep(rep: RepRecord): Promise<void> {
    this.#db
      .prepare('INSERT INTO reps (id, username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(rep.id, rep.username, rep.displayName, rep.role, rep.passwordHash, rep.createdAt);
  }

  async repByUsername(username: string): Promise<RepRecord | null> {
    const r = this.#get('SELECT * FROM reps WHERE username = ?', username);
    return r ? repFrom(r) : null;
  }

  async repById(id: string): Promise<RepRecord | null> {
    const r = this.#get('SELECT * FROM reps WHERE id = ?', id);
    return r ? repFrom(r) : null;
  }

  async countReps(): Promise<number> {
    return Number(this.#get('SELECT COUNT(*) AS n FROM reps')?.n ?? 0);
  }

  async createRepToken(tokenHash: string, repId: string, expiresAt: number): Promise<void> {
    this.#db.prepare('INSERT INTO rep_tokens (token_hash, rep_id, expires_at) VALUES (?, ?, ?)').run(tokenHash, repId, expiresAt);
  }

  async repByToken(tokenHash: string, now: number): Promise<RepRecord | null> {
    const r = this.#get(
      'SELECT reps.* FROM rep_tokens JOIN reps ON reps.id = rep_tokens.rep_id WHERE token_hash = ? AND expires_at > ? AND reps.disabled_at IS NULL',
      tokenHash,
      now,
    );
    return r ? repFrom(r) : null;
  }

  async deleteRepToken(tokenHash: string): Promise<void> {
    this.#db.prepare('DELETE FROM rep_tokens WHERE token_hash = ?').run(tokenHash);
  }

  async createSession(s: SessionRecord): Promise<void> {
    const cols = Object.keys(SESSION_COLUMNS) as (keyof SessionRecord)[];
    this.#db
      .prepare(`INSERT INTO sessions (${cols.map((c) => SESSION_COLUMNS[c]).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
      .run(...cols.map((c) => toSql(s[c])));
  }

  async session(id: string): Promise<SessionRecord | null> {
    const r = this.#get('SELECT * FROM sessions WHERE id = ?', id);
    return r ? sessionFrom(r) : null;
  }

  async sessionByCustomerToken(tokenHash: string): Promise<SessionRecord | null> {
    const r = this.#get('SELECT * FROM sessions WHERE customer_token_hash = ?', tokenHash);
    return r ? sessionFrom(r) : null;
  }

  async transitionSession(id: string, expected: SessionRecord['state'], patch: Partial<SessionRecord>): Promise<SessionRecord | null> {
    const keys = (Object.keys(patch) as (keyof SessionRecord)[]).filter((k) => k !== 'id');
    const sets = keys.map((k) => `${SESSION_COLUMNS[k]} = ?`).join(', ');
    const result = this.#db
      .prepare(`UPDATE sessions SET ${sets} WHERE id = ? AND state = ?`)
      .run(...keys.map((k) => toSql(patch[k])), id, expected);
    return Number(result.changes) === 1 ? this.session(id) : null;
  }

  async sessionsInState(state: SessionRecord['state']): Promise<SessionRecord[]> {
    return this.#all('SELECT * FROM sessions WHERE state = ? ORDER BY queued_at, id', state).map(sessionFrom);
  }

  async activeSessionsOfRep(repId: string): Promise<SessionRecord[]> {
    return this.#all("SELECT * FROM sessions WHERE rep_id = ? AND state = 'active' ORDER BY accepted_at", repId).map(sessionFrom);
  }

  async recentSessions(limit: number): Promise<SessionRecord[]> {
    return this.#all('SELECT * FROM sessions ORDER BY created_at DESC, id LIMIT ?', limit).map(sessionFrom);
  }

  async appendMessage(m: NewMessage): Promise<ChatMessage> {
    // One statement, so the sequence number cannot race within this process or across writers.
    const r = this.#get(
      `INSERT INTO messages (id, session_id, seq, author, author_name, text, at)
       VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE session_id = ?), ?, ?, ?, ?)
       RETURNING *`,
      m.id, m.sessionId, m.sessionId, m.author, m.authorName, m.text, m.at,
    );
    if (!r) throw new Error('message insert returned nothing');
    return messageFrom(r);
  }

  async messages(sessionId: string): Promise<ChatMessage[]> {
    return this.#all('SELECT * FROM messages WHERE session_id = ? ORDER BY seq', sessionId).map(messageFrom);
  }

  async appendEvent(sessionId: string, kind: string, at: number, data: Record<string, unknown>): Promise<void> {
    this.#db.prepare('INSERT INTO session_events (session_id, kind, at, data) VALUES (?, ?, ?, ?)').run(sessionId, kind, at, JSON.stringify(data));
  }

  async events(sessionId: string) {
    return this.#all('SELECT kind, at, data FROM session_events WHERE session_id = ? ORDER BY id', sessionId).map((r) => ({
      kind: String(r.kind),
      at: Number(r.at),
      data: JSON.parse(String(r.data)) as Record<string, unknown>,
    }));
  }

  async issuePeer(p: PeerRecord): Promise<PeerRecord> {
    const r = this.#get(
      `INSERT INTO peers (peer_id, session_id, side, token_hash, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (session_id, side) DO UPDATE SET token_hash = excluded.token_hash
       RETURNING *`,
      p.peerId, p.sessionId, p.side, p.tokenHash, p.createdAt,
    );
    if (!r) throw new Error('peer upsert returned nothing');
    return peerFrom(r);
  }

  async peer(peerId: string): Promise<PeerRecord | null> {
    const r = this.#get('SELECT * FROM peers WHERE peer_id = ?', peerId);
    return r ? peerFrom(r) : null;
  }

  async peerOfSession(sessionId: string, side: 'customer' | 'rep'): Promise<PeerRecord | null> {
    const r = this.#get('SELECT * FROM peers WHERE session_id = ? AND side = ?', sessionId, side);
    return r ? peerFrom(r) : null;
  }

  async setPermission(p: PermissionRecord): Promise<void> {
    this.#db
      .prepare(
        `INSERT INTO permissions (session_id, kind, state, by_role, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (session_id, kind) DO UPDATE SET state = excluded.state, by_role = excluded.by_role, at = excluded.at`,
      )
      .run(p.sessionId, p.kind, p.state, p.by, p.at);
  }

  async permissions(sessionId: string): Promise<PermissionRecord[]> {
    return this.#all('SELECT * FROM permissions WHERE session_id = ? ORDER BY kind', sessionId).map((r) => ({
      sessionId: String(r.session_id),
      kind: r.kind as PermissionRecord['kind'],
      state: r.state as PermissionRecord['state'],
      by: r.by_role as PermissionRecord['by'],
      at: Number(r.at),
    }));
  }

  async createRecording(r: RecordingRecord): Promise<void> {
    this.#db
      .prepare('INSERT INTO recordings (id, session_id, rep_id, mime_type, started_at, updated_at, bytes, chunks, finished) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(r.id, r.sessionId, r.repId, r.mimeType, r.startedAt, r.updatedAt, r.bytes, r.chunks, r.finished ? 1 : 0);
  }

  async recording(id: string): Promise<RecordingRecord | null> {
    const r = this.#get('SELECT * FROM recordings WHERE id = ?', id);
    return r ? recordingFrom(r) : null;
  }

  async recordingsOfSession(sessionId: string): Promise<RecordingRecord[]> {
    return this.#all('SELECT * FROM recordings WHERE session_id = ? ORDER BY started_at, id', sessionId).map(recordingFrom);
  }

  async appendRecordingChunk(id: string, expectedChunks: number, bytes: number, at: number): Promise<boolean> {
    const result = this.#db
      .prepare('UPDATE recordings SET chunks = chunks + 1, bytes = bytes + ?, updated_at = ? WHERE id = ? AND chunks = ?')
      .run(bytes, at, id, expectedChunks);
    return Number(result.changes) === 1;
  }

  async finishRecording(id: string, at: number): Promise<void> {
    this.#db.prepare('UPDATE recordings SET finished = 1, updated_at = ? WHERE id = ?').run(at, id);
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}
