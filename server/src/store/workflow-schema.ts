/** Tables of the representative workflow (keys, routing, teams, journal, integrations); appended to MIGRATIONS. */
export const WORKFLOW_MIGRATION = `
  CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    rep_id TEXT NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, rep_id)
  );
  CREATE TABLE session_routes (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
    incident TEXT,
    personal_rep_id TEXT REFERENCES reps(id),
    team_id TEXT REFERENCES teams(id)
  );
  CREATE INDEX session_routes_incident ON session_routes (incident);
  CREATE TABLE session_keys (
    id TEXT PRIMARY KEY,
    code_hash TEXT NOT NULL,
    rep_id TEXT NOT NULL REFERENCES reps(id),
    incident TEXT NOT NULL,
    customer_email TEXT,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    session_id TEXT
  );
  CREATE INDEX session_keys_code ON session_keys (code_hash, created_at);
  CREATE TABLE journal (
    id TEXT PRIMARY KEY,
    incident TEXT NOT NULL,
    kind TEXT NOT NULL,
    at INTEGER NOT NULL,
    text TEXT NOT NULL,
    session_id TEXT
  );
  CREATE INDEX journal_incident ON journal (incident, at);
  CREATE TABLE integrations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    webhook_url TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL,
    last_status INTEGER,
    last_error TEXT,
    next_attempt_at INTEGER,
    delivered_at INTEGER,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
`;
