import type { ApiScope, Delivery, JournalEntry, Team } from '@rs/protocol';
import type { ApiTokenRecord, HistoryQuery, IntegrationRecord, SessionKeyRecord, SessionRoute, WorkflowStore } from './workflow-store.ts';
import { readableBy } from './sql-access.ts';
import { json, num, str, type Row, type Sql } from './sql.ts';

const keyFrom = (r: Row): SessionKeyRecord => ({
  id: String(r.id),
  codeHash: String(r.code_hash),
  repId: String(r.rep_id),
  incident: String(r.incident),
  customerEmail: str(r.customer_email),
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  usedAt: num(r.used_at),
  sessionId: str(r.session_id),
});

const deliveryFrom = (r: Row): Delivery => ({
  id: String(r.id),
  integrationId: String(r.integration_id),
  sessionId: String(r.session_id),
  status: r.status as Delivery['status'],
  attempts: Number(r.attempts),
  lastStatus: num(r.last_status),
  lastError: str(r.last_error),
  nextAttemptAt: num(r.next_attempt_at),
  deliveredAt: num(r.delivered_at),
  createdAt: Number(r.created_at),
});

const DELIVERY_COLUMNS: Record<keyof Delivery, string> = {
  id: 'id',
  integrationId: 'integration_id',
  sessionId: 'session_id',
  status: 'status',
  attempts: 'attempts',
  lastStatus: 'last_status',
  lastError: 'last_error',
  nextAttemptAt: 'next_attempt_at',
  deliveredAt: 'delivered_at',
  createdAt: 'created_at',
};

const tokenFrom = (r: Row): ApiTokenRecord => ({
  id: String(r.id),
  integrationId: String(r.integration_id),
  tokenHash: String(r.token_hash),
  name: String(r.name),
  scopes: json<ApiScope[]>(r.scopes),
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  revokedAt: num(r.revoked_at),
});

const integrationFrom = (r: Row): IntegrationRecord => ({
  id: String(r.id),
  name: String(r.name),
  webhookUrl: String(r.webhook_url),
  secret: String(r.secret),
  createdAt: Number(r.created_at),
});

/** The workflow tables in portable SQL, sharing the main store's driver (`rowid` is insertion order on both backends). */
export class SqlWorkflowStore implements WorkflowStore {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  #run(sql: string, ...params: unknown[]): Promise<number> {
    return this.#sql.run(sql, params);
  }
  #get(sql: string, ...params: unknown[]): Promise<Row | undefined> {
    return this.#sql.get(sql, params);
  }
  #all(sql: string, ...params: unknown[]): Promise<Row[]> {
    return this.#sql.all(sql, params);
  }

  async repDirectory() {
    return (await this.#all('SELECT id, display_name FROM reps ORDER BY display_name')).map((r) => ({ id: String(r.id), displayName: String(r.display_name) }));
  }
  async createTeam(t: { id: string; name: string; createdAt: number }) {
    await this.#run('INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)', t.id, t.name, t.createdAt);
  }
  async teams(): Promise<Team[]> {
    const members = await this.#all('SELECT team_id, rep_id FROM team_members ORDER BY rep_id');
    return (await this.#all('SELECT id, name FROM teams ORDER BY created_at, name')).map((r) => ({
      id: String(r.id),
      name: String(r.name),
      memberIds: members.filter((m) => m.team_id === r.id).map((m) => String(m.rep_id)),
    }));
  }
  async addTeamMember(teamId: string, repId: string) {
    await this.#run('INSERT INTO team_members (team_id, rep_id) VALUES (?, ?) ON CONFLICT DO NOTHING', teamId, repId);
  }

  async setRoute(r: SessionRoute) {
    await this.#run(
      `INSERT INTO session_routes (session_id, incident, personal_rep_id, team_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE SET incident = excluded.incident, personal_rep_id = excluded.personal_rep_id, team_id = excluded.team_id`,
      r.sessionId, r.incident, r.personalRepId, r.teamId,
    );
  }
  async route(sessionId: string): Promise<SessionRoute | null> {
    const r = await this.#get('SELECT * FROM session_routes WHERE session_id = ?', sessionId);
    return r ? { sessionId, incident: str(r.incident), personalRepId: str(r.personal_rep_id), teamId: str(r.team_id) } : null;
  }

  async routes(sessionIds: readonly string[]): Promise<SessionRoute[]> {
    const out: SessionRoute[] = [];
    // SQLite caps bound parameters; chunks of 500 stay well below it.
    for (let i = 0; i < sessionIds.length; i += 500) {
      const chunk = sessionIds.slice(i, i + 500);
      const rows = await this.#all(`SELECT * FROM session_routes WHERE session_id IN (${chunk.map(() => '?').join(', ')})`, ...chunk);
      out.push(...rows.map((r) => ({ sessionId: String(r.session_id), incident: str(r.incident), personalRepId: str(r.personal_rep_id), teamId: str(r.team_id) })));
    }
    return out;
  }
  async createKey(k: SessionKeyRecord) {
    await this.#run(
      `INSERT INTO session_keys (id, code_hash, rep_id, incident, customer_email, created_at, expires_at, used_at, session_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      k.id, k.codeHash, k.repId, k.incident, k.customerEmail, k.createdAt, k.expiresAt, k.usedAt, k.sessionId,
    );
  }
  async keyById(id: string) {
    const r = await this.#get('SELECT * FROM session_keys WHERE id = ?', id);
    return r ? keyFrom(r) : null;
  }
  async keyByCodeHash(codeHash: string) {
    const r = await this.#get('SELECT * FROM session_keys WHERE code_hash = ? ORDER BY created_at DESC LIMIT 1', codeHash);
    return r ? keyFrom(r) : null;
  }
  async useKey(id: string, at: number) {
    return (await this.#run('UPDATE session_keys SET used_at = ? WHERE id = ? AND used_at IS NULL', at, id)) === 1;
  }
  async setKeySession(id: string, sessionId: string) {
    await this.#run('UPDATE session_keys SET session_id = ? WHERE id = ?', sessionId, id);
  }

  async appendJournal(e: JournalEntry) {
    await this.#run('INSERT INTO journal (id, incident, kind, at, text, session_id) VALUES (?, ?, ?, ?, ?, ?)', e.id, e.incident, e.kind, e.at, e.text, e.sessionId);
  }
  async journal(incident: string): Promise<JournalEntry[]> {
    return (await this.#all('SELECT * FROM journal WHERE incident = ? ORDER BY at, rowid', incident)).map((r) => ({
      id: String(r.id),
      incident: String(r.incident),
      kind: r.kind as JournalEntry['kind'],
      at: Number(r.at),
      text: String(r.text),
      sessionId: str(r.session_id),
    }));
  }

  async searchHistory(q: HistoryQuery): Promise<string[]> {
    const where = ["s.state = 'closed'"];
    const params: unknown[] = [];
    if (q.incident) (where.push(`r.incident ${this.#sql.dialect.ilike} ? ESCAPE '\\'`), params.push(`%${like(q.incident)}%`));
    if (q.customer) (where.push(`s.customer_name ${this.#sql.dialect.ilike} ? ESCAPE '\\'`), params.push(`%${like(q.customer)}%`));
    if (q.from !== undefined) (where.push('s.ended_at >= ?'), params.push(q.from));
    if (q.to !== undefined) (where.push('s.created_at < ?'), params.push(q.to));
    if (q.readerRepId !== undefined) (where.push(readableBy('s.id')), params.push(q.readerRepId, q.readerRepId));
    return (await this.#all(
      `SELECT s.id FROM sessions s LEFT JOIN session_routes r ON r.session_id = s.id
       WHERE ${where.join(' AND ')} ORDER BY s.ended_at DESC, s.id LIMIT ?`,
      ...params, q.limit,
    )).map((r) => String(r.id));
  }

  async createIntegration(i: IntegrationRecord) {
    await this.#run('INSERT INTO integrations (id, name, webhook_url, secret, created_at) VALUES (?, ?, ?, ?, ?)', i.id, i.name, i.webhookUrl, i.secret, i.createdAt);
  }
  async integrations() {
    return (await this.#all('SELECT * FROM integrations ORDER BY created_at')).map(integrationFrom);
  }
  async integration(id: string) {
    const r = await this.#get('SELECT * FROM integrations WHERE id = ?', id);
    return r ? integrationFrom(r) : null;
  }

  async createDelivery(d: Delivery) {
    const cols = Object.keys(DELIVERY_COLUMNS) as (keyof Delivery)[];
    await this.#run(`INSERT INTO webhook_deliveries (${cols.map((c) => DELIVERY_COLUMNS[c]).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, ...cols.map((c) => d[c]));
  }
  async updateDelivery(id: string, patch: Partial<Omit<Delivery, 'id'>>) {
    const keys = Object.keys(patch) as (keyof Delivery)[];
    if (keys.length === 0) return;
    await this.#run(`UPDATE webhook_deliveries SET ${keys.map((k) => `${DELIVERY_COLUMNS[k]} = ?`).join(', ')} WHERE id = ?`, ...keys.map((k) => patch[k as keyof typeof patch] as unknown), id);
  }
  async delivery(id: string) {
    const r = await this.#get('SELECT * FROM webhook_deliveries WHERE id = ?', id);
    return r ? deliveryFrom(r) : null;
  }
  async dueDeliveries(now: number, limit: number) {
    return (await this.#all("SELECT * FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?", now, limit)).map(deliveryFrom);
  }
  async claimDelivery(id: string, dueAt: number, leaseUntil: number) {
    return (await this.#run("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ? AND status = 'pending' AND next_attempt_at = ?", leaseUntil, id, dueAt)) === 1;
  }
  async deliveries(integrationId: string, limit: number) {
    return (await this.#all('SELECT * FROM webhook_deliveries WHERE integration_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?', integrationId, limit)).map(deliveryFrom);
  }
  async isSynced(sessionId: string) {
    return (await this.#get("SELECT 1 AS x FROM webhook_deliveries WHERE session_id = ? AND status = 'delivered' LIMIT 1", sessionId)) !== undefined;
  }

  async createApiToken(t: ApiTokenRecord) {
    await this.#run(
      'INSERT INTO api_tokens (id, integration_id, token_hash, name, scopes, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      t.id, t.integrationId, t.tokenHash, t.name, JSON.stringify(t.scopes), t.createdAt, t.expiresAt, t.revokedAt,
    );
  }
  async apiTokenByHash(tokenHash: string) {
    const r = await this.#get('SELECT * FROM api_tokens WHERE token_hash = ?', tokenHash);
    return r ? tokenFrom(r) : null;
  }
  async apiTokens(integrationId: string) {
    return (await this.#all('SELECT * FROM api_tokens WHERE integration_id = ? ORDER BY created_at', integrationId)).map(tokenFrom);
  }
  async revokeApiToken(integrationId: string, id: string, at: number) {
    return (await this.#run('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND integration_id = ? AND revoked_at IS NULL', at, id, integrationId)) === 1;
  }
}

/** Escapes LIKE wildcards in user search text. */
const like = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
