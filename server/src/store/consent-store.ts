import type { ElevationState, PermissionState } from '@rs/protocol';
import type { PermissionRecord } from './store.ts';

/** One session's elevation (Elevate): its state, the representative it was asked by, since when they asked, last change. */
export interface ElevationRecord {
  sessionId: string;
  state: ElevationState;
  repId: string;
  repName: string;
  /** When this representative asked: a grant older than the session's current assignment belongs to an earlier one. */
  since: number;
  at: number;
}

/** What a conditional write expects to find: the row as it was read (null: no row yet). */
export type Expected<S> = { state: S; at: number } | null;

/**
 * Consent state written by conditional statements: of several writers (nodes
 * handling the same session change, a customer's revoke racing a
 * representative's change) only the one that still finds what it read
 * changes the row, and only that one tells the parties.
 */
export interface ConsentStore {
  /** Changes one permission only if it is still as `expected`; false when another writer got there first. */
  updatePermission(permission: PermissionRecord, expected: { state: PermissionState; at: number }): Promise<boolean>;
  elevation(sessionId: string): Promise<ElevationRecord | null>;
  /** Writes the session's elevation only if its row is still as `expected` (null: none yet); false when another writer got there first. */
  setElevation(elevation: ElevationRecord, expected: Expected<ElevationState>): Promise<boolean>;
  elevationsInStates(states: readonly ElevationState[]): Promise<ElevationRecord[]>;
}
