import type { ElevationState } from '@rs/protocol';
import type { ConsentStore, ElevationRecord, Expected } from './consent-store.ts';
import type { PermissionRecord } from './store.ts';
import type { Row, Sql } from './sql.ts';

const elevationFrom = (r: Row): ElevationRecord => ({
  sessionId: String(r.session_id),
  state: r.state as ElevationState,
  repId: String(r.rep_id),
  repName: String(r.rep_name),
  since: Number(r.since),
  at: Number(r.at),
});

/** Consent state in portable SQL, sharing the main store's driver; every write is one conditional statement. */
export class SqlConsentStore implements ConsentStore {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async updatePermission(p: PermissionRecord, expected: { state: PermissionRecord['state']; at: number }): Promise<boolean> {
    const changed = await this.#sql.run(
      'UPDATE permissions SET state = ?, by_role = ?, at = ?, rep_id = ?, rep_name = ? WHERE session_id = ? AND kind = ? AND state = ? AND at = ?',
      [p.state, p.by, p.at, p.repId ?? null, p.repName ?? null, p.sessionId, p.kind, expected.state, expected.at],
    );
    return changed === 1;
  }

  async elevation(sessionId: string): Promise<ElevationRecord | null> {
    const r = await this.#sql.get('SELECT * FROM elevations WHERE session_id = ?', [sessionId]);
    return r ? elevationFrom(r) : null;
  }

  async setElevation(e: ElevationRecord, expected: Expected<ElevationState>): Promise<boolean> {
    const values = [e.state, e.repId, e.repName, e.since, e.at];
    const changed = expected
      ? await this.#sql.run('UPDATE elevations SET state = ?, rep_id = ?, rep_name = ?, since = ?, at = ? WHERE session_id = ? AND state = ? AND at = ?', [
          ...values, e.sessionId, expected.state, expected.at,
        ])
      : await this.#sql.run(
          'INSERT INTO elevations (state, rep_id, rep_name, since, at, session_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING',
          [...values, e.sessionId],
        );
    return changed === 1;
  }

  async elevationsInStates(states: readonly ElevationState[]): Promise<ElevationRecord[]> {
    if (states.length === 0) return [];
    const marks = states.map(() => '?').join(', ');
    return (await this.#sql.all(`SELECT * FROM elevations WHERE state IN (${marks}) ORDER BY session_id`, [...states])).map(elevationFrom);
  }
}
