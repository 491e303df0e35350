import type { Sql } from './sql.ts';
import type { AccessStore, SessionReader } from './access-store.ts';

/**
 * A condition that holds when representative `?` (bound twice: pass the id
 * twice) may read the session whose id is in `column`; shared by every query
 * that lists sessions, so a list can never show what a direct read refuses.
 */
export const readableBy = (column: string) =>
  `EXISTS (SELECT 1 FROM session_readers a WHERE a.session_id = ${column} AND ((a.kind = 'rep' AND a.subject_id = ?) OR (a.kind = 'team' AND a.subject_id IN (SELECT team_id FROM team_members WHERE rep_id = ?))))`;

export class SqlAccessStore implements AccessStore {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async mayRead(sessionId: string, repId: string): Promise<boolean> {
    return (await this.#sql.get(`SELECT 1 AS ok FROM sessions s WHERE s.id = ? AND ${readableBy('s.id')}`, [sessionId, repId, repId])) !== undefined;
  }

  async readers(sessionId: string): Promise<SessionReader[]> {
    const rows = await this.#sql.all('SELECT kind, subject_id FROM session_readers WHERE session_id = ?', [sessionId]);
    return rows
      .map((r) => ({ kind: String(r.kind) as SessionReader['kind'], id: String(r.subject_id) }))
      .sort((a, b) => (a.kind === b.kind ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.kind === 'rep' ? -1 : 1));
  }
}
