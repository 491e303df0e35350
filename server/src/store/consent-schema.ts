/**
 * Consent bound to the representative (issue 11): each permission row names
 * the representative who asked for it and was granted it, and a session's
 * elevation (Elevate: asked, allowed, helper connected ...) is a row of its
 * own instead of one process's memory, so a second node and a restarted one
 * read the same state.
 */
const COLUMNS = (int: string) => `
  ALTER TABLE permissions ADD COLUMN rep_id TEXT;
  ALTER TABLE permissions ADD COLUMN rep_name TEXT;
  CREATE TABLE elevations (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
    state TEXT NOT NULL CHECK (state IN ('requested', 'allowed', 'refused', 'installing', 'connected', 'revoked', 'ended')),
    rep_id TEXT NOT NULL,
    rep_name TEXT NOT NULL,
    since ${int} NOT NULL,
    at ${int} NOT NULL
  );
  CREATE INDEX elevations_state ON elevations (state);
`;

export const SQLITE_CONSENT_MIGRATION = COLUMNS('INTEGER');
export const PG_CONSENT_MIGRATION = COLUMNS('BIGINT');
