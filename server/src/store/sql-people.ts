import type { RepRole } from '@rs/protocol';
import type { GuardedChange, PeopleStore, PersonRecord } from './people-store.ts';
import type { RepRecord } from './store.ts';
import { num, type Row, type Sql } from './sql.ts';

export const repFrom = (r: Row): RepRecord => ({
  id: String(r.id),
  username: String(r.username),
  displayName: String(r.display_name),
  role: r.role === 'admin' ? 'admin' : 'rep',
  passwordHash: String(r.password_hash),
  createdAt: Number(r.created_at),
});

/** A rep row without its password hash, with its disabled state. */
const personFrom = (r: Row): PersonRecord => {
  const { passwordHash: _, ...rep } = repFrom(r);
  return { ...rep, disabledAt: num(r.disabled_at) };
};

/** True when some enabled admin other than `repId` exists: the condition every guarded change needs. */
const ANOTHER_ADMIN = "EXISTS (SELECT 1 FROM reps o WHERE o.role = 'admin' AND o.disabled_at IS NULL AND o.id != reps.id)";

/**
 * People administration in portable SQL, sharing the main store's driver. The
 * guarded changes check and change in one statement, and run exclusively: on
 * PostgreSQL two such statements could otherwise each see the other's admin
 * still enabled (read committed) and both succeed.
 */
export class SqlPeopleStore implements PeopleStore {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async people(): Promise<PersonRecord[]> {
    return (await this.#sql.all('SELECT * FROM reps ORDER BY display_name, username')).map(personFrom);
  }

  async person(id: string): Promise<PersonRecord | null> {
    const r = await this.#sql.get('SELECT * FROM reps WHERE id = ?', [id]);
    return r ? personFrom(r) : null;
  }

  async setDisabled(repId: string, at: number | null): Promise<GuardedChange> {
    if (at === null) return this.#outcome(repId, await this.#sql.run('UPDATE reps SET disabled_at = NULL WHERE id = ?', [repId]));
    return this.#guarded(repId, `UPDATE reps SET disabled_at = ? WHERE id = ? AND (role != 'admin' OR ${ANOTHER_ADMIN})`, [at, repId]);
  }

  async setRole(repId: string, role: RepRole): Promise<GuardedChange> {
    if (role === 'admin') return this.#outcome(repId, await this.#sql.run("UPDATE reps SET role = 'admin' WHERE id = ?", [repId]));
    return this.#guarded(repId, `UPDATE reps SET role = 'rep' WHERE id = ? AND (role != 'admin' OR disabled_at IS NOT NULL OR ${ANOTHER_ADMIN})`, [repId]);
  }

  async setPasswordHash(repId: string, passwordHash: string): Promise<boolean> {
    return (await this.#sql.run('UPDATE reps SET password_hash = ? WHERE id = ?', [passwordHash, repId])) === 1;
  }

  async revokeTokens(repId: string): Promise<number> {
    return this.#sql.run('DELETE FROM rep_tokens WHERE rep_id = ?', [repId]);
  }

  async removeTeamMember(teamId: string, repId: string): Promise<boolean> {
    return (await this.#sql.run('DELETE FROM team_members WHERE team_id = ? AND rep_id = ?', [teamId, repId])) === 1;
  }

  #guarded(repId: string, sql: string, params: unknown[]): Promise<GuardedChange> {
    return this.#sql.exclusive('last-admin', async (tx) => this.#outcome(repId, await tx.run(sql, params), tx));
  }

  async #outcome(repId: string, changed: number, sql = this.#sql): Promise<GuardedChange> {
    if (changed === 1) return 'ok';
    return (await sql.get('SELECT 1 AS x FROM reps WHERE id = ?', [repId])) ? 'last_admin' : 'not_found';
  }
}
