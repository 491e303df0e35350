import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { RepRole } from '@rs/protocol';
import type { GuardedChange, PeopleStore, PersonRecord } from './people-store.ts';

type Row = Record<string, SQLInputValue>;

const personFrom = (r: Row): PersonRecord => ({
  id: String(r.id),
  username: String(r.username),
  displayName: String(r.display_name),
  role: r.role === 'admin' ? 'admin' : 'rep',
  createdAt: Number(r.created_at),
  disabledAt: r.disabled_at === null || r.disabled_at === undefined ? null : Number(r.disabled_at),
});

/** True when some enabled admin other than `repId` exists: the condition every guarded change needs. */
const ANOTHER_ADMIN = "EXISTS (SELECT 1 FROM reps o WHERE o.role = 'admin' AND o.disabled_at IS NULL AND o.id != reps.id)";

/** SQLite implementation of people administration, sharing the main store's connection. */
export class SqlitePeopleStore implements PeopleStore {
  readonly #db: DatabaseSync;
  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  #changes(sql: string, ...params: SQLInputValue[]): number {
    return Number(this.#db.prepare(sql).run(...params).changes);
  }

  async people(): Promise<PersonRecord[]> {
    return (this.#db.prepare('SELECT * FROM reps ORDER BY display_name, username').all() as Row[]).map(personFrom);
  }

  async person(id: string): Promise<PersonRecord | null> {
    const r = this.#db.prepare('SELECT * FROM reps WHERE id = ?').get(id) as Row | undefined;
    return r ? personFrom(r) : null;
  }

  async setDisabled(repId: string, at: number | null): Promise<GuardedChange> {
    const changed = at === null
      ? this.#changes('UPDATE reps SET disabled_at = NULL WHERE id = ?', repId)
      : this.#changes(`UPDATE reps SET disabled_at = ? WHERE id = ? AND (role != 'admin' OR ${ANOTHER_ADMIN})`, at, repId);
    return changed === 1 ? 'ok' : this.#why(repId);
  }

  async setRole(repId: string, role: RepRole): Promise<GuardedChange> {
    const changed = role === 'admin'
      ? this.#changes("UPDATE reps SET role = 'admin' WHERE id = ?", repId)
      : this.#changes(`UPDATE reps SET role = 'rep' WHERE id = ? AND (role != 'admin' OR disabled_at IS NOT NULL OR ${ANOTHER_ADMIN})`, repId);
    return changed === 1 ? 'ok' : this.#why(repId);
  }

  async setPasswordHash(repId: string, passwordHash: string): Promise<boolean> {
    return this.#changes('UPDATE reps SET password_hash = ? WHERE id = ?', passwordHash, repId) === 1;
  }

  async revokeTokens(repId: string): Promise<number> {
    return this.#changes('DELETE FROM rep_tokens WHERE rep_id = ?', repId);
  }

  async removeTeamMember(teamId: string, repId: string): Promise<boolean> {
    return this.#changes('DELETE FROM team_members WHERE team_id = ? AND rep_id = ?', teamId, repId) === 1;
  }

  #why(repId: string): GuardedChange {
    return this.#db.prepare('SELECT 1 AS x FROM reps WHERE id = ?').get(repId) ? 'last_admin' : 'not_found';
  }
}
