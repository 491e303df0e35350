import type { RepRole } from '@rs/protocol';

/** A representative as the people admin sees them: no password hash. */
export interface PersonRecord {
  id: string;
  username: string;
  displayName: string;
  role: RepRole;
  createdAt: number;
  /** Set while an admin has them disabled. */
  disabledAt: number | null;
}

/** What a guarded change did: done, no such rep, or refused because no enabled admin would remain. */
export type GuardedChange = 'ok' | 'not_found' | 'last_admin';

/**
 * People administration's persistence; part of every Store (`store.people`).
 * The last-admin guards are checked in the same statement as the change, so
 * two admins acting at once cannot both remove the last one.
 */
export interface PeopleStore {
  /** Every representative, enabled or not, by display name. */
  people(): Promise<PersonRecord[]>;
  person(id: string): Promise<PersonRecord | null>;
  /** Disables (`at`) or enables (null); disabling the last enabled admin is refused. */
  setDisabled(repId: string, at: number | null): Promise<GuardedChange>;
  /** Demoting the last enabled admin is refused. */
  setRole(repId: string, role: RepRole): Promise<GuardedChange>;
  setPasswordHash(repId: string, passwordHash: string): Promise<boolean>;
  /** Deletes every sign-in token of the rep; returns how many there were. */
  revokeTokens(repId: string): Promise<number>;
  removeTeamMember(teamId: string, repId: string): Promise<boolean>;
}
