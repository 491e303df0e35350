import type { AbsenceStore } from './absence-store.ts';
import type { Sql } from './sql.ts';

/** Absence deadlines in portable SQL (table `session_absence`), sharing the main store's driver. */
export class SqlAbsenceStore implements AbsenceStore {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async set(sessionId: string, deadlineAt: number): Promise<void> {
    await this.#sql.run(
      'INSERT INTO session_absence (session_id, deadline_at) VALUES (?, ?) ON CONFLICT (session_id) DO UPDATE SET deadline_at = excluded.deadline_at',
      [sessionId, deadlineAt],
    );
  }

  async clear(sessionId: string): Promise<void> {
    await this.#sql.run('DELETE FROM session_absence WHERE session_id = ?', [sessionId]);
  }

  async deadline(sessionId: string): Promise<number | null> {
    const r = await this.#sql.get('SELECT deadline_at FROM session_absence WHERE session_id = ?', [sessionId]);
    return r ? Number(r.deadline_at) : null;
  }

  async due(now: number, limit: number): Promise<{ sessionId: string; deadlineAt: number }[]> {
    const rows = await this.#sql.all('SELECT session_id, deadline_at FROM session_absence WHERE deadline_at <= ? ORDER BY deadline_at LIMIT ?', [now, limit]);
    return rows.map((r) => ({ sessionId: String(r.session_id), deadlineAt: Number(r.deadline_at) }));
  }

  async claim(sessionId: string, deadlineAt: number): Promise<boolean> {
    return (await this.#sql.run('DELETE FROM session_absence WHERE session_id = ? AND deadline_at = ?', [sessionId, deadlineAt])) === 1;
  }
}
