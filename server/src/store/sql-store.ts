import type { ChatMessage } from '@rs/protocol';
import type { NewMessage, PeerRecord, PermissionRecord, RecordingRecord, RepRecord, SessionRecord, Store } from './store.ts';
import { bool, json, num, str, type Row, type Sql } from './sql.ts';
import { WriteGroup, type GroupResult } from './write-group.ts';
import { SqlClickToChatStore } from './sql-click-to-chat.ts';
import { SqlWorkflowStore } from './sql-workflow.ts';
import { repFrom, SqlPeopleStore } from './sql-people.ts';
import { SqlAbsenceStore } from './sql-absence.ts';
import { readableBy, SqlAccessStore } from './sql-access.ts';
import { withAfterCommit } from './after-commit.ts';
import { SqlFilesStore } from './sql-files.ts';
import { SqlConsentStore } from './sql-consent.ts';

const sessionFrom = (r: Row): SessionRecord => ({
  id: String(r.id),
  state: r.state as SessionRecord['state'],
  customerName: String(r.customer_name),
  customerTokenHash: String(r.customer_token_hash),
  repId: r.rep_id === null ? null : String(r.rep_id),
  createdAt: Number(r.created_at),
  queuedAt: Number(r.queued_at),
  acceptedAt: num(r.accepted_at),
  endedAt: num(r.ended_at),
  endReason: (r.end_reason ?? null) as SessionRecord['endReason'],
  siteId: str(r.site_id),
  recordingAllowed: r.recording_allowed === null || r.recording_allowed === undefined ? null : bool(r.recording_allowed),
});

const messageFrom = (r: Row): ChatMessage => ({
  id: String(r.id),
  sessionId: String(r.session_id),
  seq: Number(r.seq),
  author: r.author as ChatMessage['author'],
  authorName: String(r.author_name),
  text: String(r.text),
  at: Number(r.at),
});

/** seq is a 32-bit INTEGER in PostgreSQL: the largest, for lines with no cap (system lines). */
const NO_CAP = 2 ** 31 - 1;
const appendParams = (m: NewMessage, maxSeq: number) => [m.id, m.sessionId, m.author, m.authorName, m.text, m.at, maxSeq];

const peerFrom = (r: Row): PeerRecord => ({
  peerId: String(r.peer_id),
  sessionId: String(r.session_id),
  side: r.side === 'rep' ? 'rep' : 'customer',
  // '' stands for "no representative" in the table, so (session, side, rep) can be UNIQUE on both databases.
  repId: r.rep_id ? String(r.rep_id) : null,
  tokenHash: String(r.token_hash),
  repTokenHash: str(r.rep_token_hash),
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
  finished: bool(r.finished),
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

/**
 * Everything the Store persists, in SQL that SQLite and PostgreSQL both run;
 * the driver (`sqlite.ts`, `pg.ts`) binds, executes and migrates.
 */
export class SqlStore implements Store {
  readonly #sql: Sql;
  /**
   * Transcript lines appended outside a transaction: those of one event-loop turn are committed together
   * (one commit, one fsync, for all of them), numbered in the order they were appended in this process.
   */
  readonly #lines = new WriteGroup<{ m: NewMessage; maxSeq: number }, ChatMessage | null>((lines) => this.#commitLines(lines));

  async #commitLines(lines: readonly { m: NewMessage; maxSeq: number }[]): Promise<GroupResult<ChatMessage | null>[]> {
    const params = lines.map(({ m, maxSeq }) => appendParams(m, maxSeq));
    const multi = this.#sql.dialect.appendMessages;
    if (multi && lines.length > 1) {
      try {
        // One statement, one round trip and one commit for the group.
        const rows = new Map((await this.#sql.all(multi, params[0]!.map((_, column) => params.map((p) => p[column])))).map((r) => [String(r.id), r]));
        return lines.map(({ m }) => {
          const r = rows.get(m.id);
          return { ok: true, value: r ? messageFrom(r) : null };
        });
      } catch {
        // One line failed the whole statement (nothing of it was written): each line on its own below, so only that one fails.
      }
    }
    const rows = await this.#sql.group(this.#sql.dialect.appendMessage, params);
    return rows.map((r): GroupResult<ChatMessage | null> => (r.ok ? { ok: true, value: r.value ? messageFrom(r.value) : null } : r));
  }
  readonly clickToChat: SqlClickToChatStore;
  readonly workflow: SqlWorkflowStore;
  readonly people: SqlPeopleStore;
  readonly access: SqlAccessStore;
  readonly absences: SqlAbsenceStore;
  readonly files: SqlFilesStore;
  readonly consent: SqlConsentStore;
  readonly #close: () => Promise<void>;

  constructor(sql: Sql, close: () => Promise<void>) {
    this.#sql = sql;
    this.#close = close;
    this.clickToChat = new SqlClickToChatStore(sql);
    this.workflow = new SqlWorkflowStore(sql);
    this.people = new SqlPeopleStore(sql);
    this.access = new SqlAccessStore(sql);
    this.absences = new SqlAbsenceStore(sql);
    this.files = new SqlFilesStore(sql);
    this.consent = new SqlConsentStore(sql);
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    // The outermost transaction runs what `afterCommit` queued once it committed.
    return withAfterCommit(() => this.#sql.transaction(fn));
  }

  async #one<T>(map: (r: Row) => T, sql: string, ...params: unknown[]): Promise<T | null> {
    const r = await this.#sql.get(sql, params);
    return r ? map(r) : null;
  }

  async #many<T>(map: (r: Row) => T, sql: string, ...params: unknown[]): Promise<T[]> {
    return (await this.#sql.all(sql, params)).map(map);
  }

  async createRep(rep: RepRecord): Promise<void> {
    await this.#sql.run('INSERT INTO reps (id, username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      rep.id, rep.username, rep.displayName, rep.role, rep.passwordHash, rep.createdAt,
    ]);
  }

  async repByUsername(username: string): Promise<RepRecord | null> {
    return this.#one(repFrom, 'SELECT * FROM reps WHERE username = ?', username);
  }

  async repById(id: string): Promise<RepRecord | null> {
    return this.#one(repFrom, 'SELECT * FROM reps WHERE id = ?', id);
  }

  async serverSecret(name: string, candidate: string, now: number): Promise<string> {
    await this.#sql.run('INSERT INTO server_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING', [name, candidate, now]);
    return String((await this.#sql.get('SELECT value FROM server_secrets WHERE name = ?', [name]))?.value);
  }

  async countReps(): Promise<number> {
    return Number((await this.#sql.get('SELECT COUNT(*) AS n FROM reps'))?.n ?? 0);
  }

  async createRepToken(tokenHash: string, repId: string, expiresAt: number): Promise<void> {
    await this.#sql.run('INSERT INTO rep_tokens (token_hash, rep_id, expires_at) VALUES (?, ?, ?)', [tokenHash, repId, expiresAt]);
  }

  async repByToken(tokenHash: string, now: number): Promise<RepRecord | null> {
    return this.#one(
      repFrom,
      'SELECT reps.* FROM rep_tokens JOIN reps ON reps.id = rep_tokens.rep_id WHERE token_hash = ? AND expires_at > ? AND reps.disabled_at IS NULL',
      tokenHash,
      now,
    );
  }

  async deleteRepToken(tokenHash: string): Promise<void> {
    await this.#sql.run('DELETE FROM rep_tokens WHERE token_hash = ?', [tokenHash]);
  }

  async createSession(s: SessionRecord): Promise<void> {
    const cols = Object.keys(SESSION_COLUMNS) as (keyof SessionRecord)[];
    await this.#sql.run(
      `INSERT INTO sessions (${cols.map((c) => SESSION_COLUMNS[c]).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      cols.map((c) => s[c]),
    );
  }

  async session(id: string): Promise<SessionRecord | null> {
    return this.#one(sessionFrom, 'SELECT * FROM sessions WHERE id = ?', id);
  }

  async sessionByCustomerToken(tokenHash: string): Promise<SessionRecord | null> {
    return this.#one(sessionFrom, 'SELECT * FROM sessions WHERE customer_token_hash = ?', tokenHash);
  }

  async transitionSession(id: string, expected: SessionRecord['state'], patch: Partial<SessionRecord>): Promise<SessionRecord | null> {
    // One conditional UPDATE: of two concurrent writers (two reps accepting), only one still finds the expected state.
    const keys = (Object.keys(patch) as (keyof SessionRecord)[]).filter((k) => k !== 'id');
    const sets = keys.map((k) => `${SESSION_COLUMNS[k]} = ?`).join(', ');
    return this.#one(sessionFrom, `UPDATE sessions SET ${sets} WHERE id = ? AND state = ? RETURNING *`, ...keys.map((k) => patch[k]), id, expected);
  }

  async sessionsInState(state: SessionRecord['state']): Promise<SessionRecord[]> {
    return this.#many(sessionFrom, 'SELECT * FROM sessions WHERE state = ? ORDER BY queued_at, id', state);
  }

  async activeSessionsOfRep(repId: string): Promise<SessionRecord[]> {
    return this.#many(sessionFrom, "SELECT * FROM sessions WHERE rep_id = ? AND state = 'active' ORDER BY accepted_at", repId);
  }

  async recentSessions(limit: number, readerRepId?: string): Promise<SessionRecord[]> {
    if (readerRepId === undefined) return this.#many(sessionFrom, 'SELECT * FROM sessions ORDER BY created_at DESC, id LIMIT ?', limit);
    return this.#many(sessionFrom, `SELECT * FROM sessions s WHERE ${readableBy('s.id')} ORDER BY created_at DESC, id LIMIT ?`, readerRepId, readerRepId, limit);
  }

  async appendMessage(m: NewMessage): Promise<ChatMessage> {
    const r = await this.appendLine(m, NO_CAP);
    if (!r) throw new Error(`message insert returned nothing (no session ${m.sessionId})`);
    return r;
  }

  async appendLine(m: NewMessage, maxLines: number): Promise<ChatMessage | null> {
    // Inside a transaction the line is numbered in it (queueing behind a group that waits for this transaction would deadlock).
    if (!this.#sql.inTransaction()) return this.#lines.push({ m, maxSeq: Math.min(maxLines, NO_CAP) });
    const r = await this.#sql.get(this.#sql.dialect.appendMessage, appendParams(m, Math.min(maxLines, NO_CAP)));
    return r ? messageFrom(r) : null;
  }

  async messages(sessionId: string): Promise<ChatMessage[]> {
    return this.#many(messageFrom, 'SELECT * FROM messages WHERE session_id = ? ORDER BY seq', sessionId);
  }

  async messagesPage(sessionId: string, beforeSeq: number | null, limit: number): Promise<ChatMessage[]> {
    // Newest first through the (session_id, seq) index, then turned round: the cost is the page, not the transcript.
    const page = await this.#many(
      messageFrom,
      'SELECT * FROM messages WHERE session_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      sessionId,
      beforeSeq ?? 2 ** 31 - 1, // seq is a 32-bit INTEGER in PostgreSQL
      limit,
    );
    return page.reverse();
  }

  async appendEvent(sessionId: string, kind: string, at: number, data: Record<string, unknown>): Promise<void> {
    await this.#sql.run('INSERT INTO session_events (session_id, kind, at, data) VALUES (?, ?, ?, ?)', [sessionId, kind, at, JSON.stringify(data)]);
  }

  async events(sessionId: string) {
    return this.#many(
      (r) => ({ kind: String(r.kind), at: Number(r.at), data: json<Record<string, unknown>>(r.data) }),
      'SELECT kind, at, data FROM session_events WHERE session_id = ? ORDER BY id',
      sessionId,
    );
  }

  async issuePeer(p: PeerRecord): Promise<PeerRecord> {
    const r = await this.#one(
      peerFrom,
      `INSERT INTO peers (peer_id, session_id, side, rep_id, token_hash, rep_token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (session_id, side, rep_id) DO UPDATE SET token_hash = excluded.token_hash, rep_token_hash = excluded.rep_token_hash
       RETURNING *`,
      p.peerId, p.sessionId, p.side, p.repId ?? '', p.tokenHash, p.repTokenHash, p.createdAt,
    );
    if (!r) throw new Error('peer upsert returned nothing');
    return r;
  }

  async peer(peerId: string): Promise<PeerRecord | null> {
    return this.#one(peerFrom, 'SELECT * FROM peers WHERE peer_id = ?', peerId);
  }

  async peerOfSession(sessionId: string, side: 'customer' | 'rep', repId: string | null = null): Promise<PeerRecord | null> {
    return this.#one(peerFrom, 'SELECT * FROM peers WHERE session_id = ? AND side = ? AND rep_id = ?', sessionId, side, repId ?? '');
  }

  async setPeerNode(peerId: string, nodeId: string | null, ifNode?: string): Promise<void> {
    if (ifNode === undefined) await this.#sql.run('UPDATE peers SET node_id = ? WHERE peer_id = ?', [nodeId, peerId]);
    else await this.#sql.run('UPDATE peers SET node_id = ? WHERE peer_id = ? AND node_id = ?', [nodeId, peerId, ifNode]);
  }

  async peerNode(peerId: string): Promise<string | null> {
    return this.#one((r) => str(r.node_id), 'SELECT node_id FROM peers WHERE peer_id = ?', peerId);
  }

  async setPermission(p: PermissionRecord): Promise<void> {
    await this.#sql.run(
      `INSERT INTO permissions (session_id, kind, state, by_role, at, rep_id, rep_name) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (session_id, kind) DO UPDATE SET state = excluded.state, by_role = excluded.by_role, at = excluded.at,
         rep_id = excluded.rep_id, rep_name = excluded.rep_name`,
      [p.sessionId, p.kind, p.state, p.by, p.at, p.repId ?? null, p.repName ?? null],
    );
  }

  async permissions(sessionId: string): Promise<PermissionRecord[]> {
    return this.#many(
      (r) => ({
        sessionId: String(r.session_id),
        kind: r.kind as PermissionRecord['kind'],
        state: r.state as PermissionRecord['state'],
        by: r.by_role as PermissionRecord['by'],
        at: Number(r.at),
        repId: str(r.rep_id),
        repName: str(r.rep_name),
      }),
      'SELECT * FROM permissions WHERE session_id = ? ORDER BY kind',
      sessionId,
    );
  }

  async createRecording(r: RecordingRecord): Promise<void> {
    await this.#sql.run(
      'INSERT INTO recordings (id, session_id, rep_id, mime_type, started_at, updated_at, bytes, chunks, finished) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [r.id, r.sessionId, r.repId, r.mimeType, r.startedAt, r.updatedAt, r.bytes, r.chunks, r.finished],
    );
  }

  async recording(id: string): Promise<RecordingRecord | null> {
    return this.#one(recordingFrom, 'SELECT * FROM recordings WHERE id = ?', id);
  }

  async recordingsOfSession(sessionId: string): Promise<RecordingRecord[]> {
    return this.#many(recordingFrom, 'SELECT * FROM recordings WHERE session_id = ? ORDER BY started_at, id', sessionId);
  }

  async appendRecordingChunk(id: string, expectedChunks: number, bytes: number, at: number): Promise<boolean> {
    const changed = await this.#sql.run('UPDATE recordings SET chunks = chunks + 1, bytes = bytes + ?, updated_at = ? WHERE id = ? AND chunks = ?', [
      bytes, at, id, expectedChunks,
    ]);
    return changed === 1;
  }

  async finishRecording(id: string, at: number): Promise<void> {
    await this.#sql.run('UPDATE recordings SET finished = ?, updated_at = ? WHERE id = ?', [true, at, id]);
  }

  close(): Promise<void> {
    return this.#close();
  }
}
