import type { Sql } from './sql.ts';
import type { AccessStore, SessionReader } from './access-store.ts';

/**
 * A condition that holds when representative `?` (bound twice: pass the id
 * twice) may read the session whose id is in `column`; shared by every query
 * that lists sessions, so a list can never show what a direct read refuses.
 * Written as IN over the reader index, so a list starts from the few sessions
 * one representative served rather than testing every session in the table.
 */
export const readableBy = (column: string) =>
  `${column} IN (SELECT session_id FROM session_readers WHERE kind = 'rep' AND subject_id = ? UNION SELECT a.session_id FROM session_readers a JOIN team_members m ON m.team_id = a.subject_id WHERE a.kind = 'team' AND m.rep_id = ?)`;

export class SqlAccessStore implements AccessStore {
  readonly #sql: Sql;

  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async mayRead(sessionId: string, repId: string): Promise<boolean> {
    // One session: a point lookup on the primary key beats readableBy's list of everything the rep served.
    const row = await this.#sql.get(
      `SELECT 1 AS ok FROM session_readers a WHERE a.session_id = ? AND ((a.kind = 'rep' AND a.subject_id = ?)
         OR (a.kind = 'team' AND a.subject_id IN (SELECT team_id FROM team_members WHERE rep_id = ?)))`,
      [sessionId, repId, repId],
    );
    return row !== undefined;
  }

  async readers(sessionId: string): Promise<SessionReader[]> {
    const rows = await this.#sql.all('SELECT kind, subject_id FROM session_readers WHERE session_id = ?', [sessionId]);
    return rows
      .map((r) => ({ kind: String(r.kind) as SessionReader['kind'], id: String(r.subject_id) }))
      .sort((a, b) => (a.kind === b.kind ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.kind === 'rep' ? -1 : 1));
  }
}
