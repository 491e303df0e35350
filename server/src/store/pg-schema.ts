import { PG_ACCESS_MIGRATION } from './access-schema.ts';
import { PG_CONSENT_MIGRATION } from './consent-schema.ts';

/**
 * PostgreSQL's forward-only migrations; index i brings the schema to version
 * i + 1. Never edit a released entry. The same tables and column names as the
 * SQLite schema (the store's SQL is shared) with PostgreSQL types: BIGINT
 * milliseconds, BOOLEAN, JSONB, BYTEA. Text that is sorted on is COLLATE "C",
 * so orderings match SQLite's byte order whatever the database's locale.
 * `rowid` columns give insertion order, which SQLite has implicitly.
 */
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE reps (
    id TEXT COLLATE "C" PRIMARY KEY,
    username TEXT COLLATE "C" NOT NULL UNIQUE,
    display_name TEXT COLLATE "C" NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('rep', 'admin')),
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled_at BIGINT
  );
  CREATE TABLE rep_tokens (
    token_hash TEXT PRIMARY KEY,
    rep_id TEXT NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
    expires_at BIGINT NOT NULL
  );
  CREATE INDEX rep_tokens_rep ON rep_tokens (rep_id);
  CREATE TABLE sites (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT NOT NULL,
    path TEXT NOT NULL UNIQUE,
    settings JSONB NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE sessions (
    id TEXT COLLATE "C" PRIMARY KEY,
    state TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    customer_token_hash TEXT NOT NULL UNIQUE,
    rep_id TEXT REFERENCES reps(id),
    created_at BIGINT NOT NULL,
    queued_at BIGINT NOT NULL,
    accepted_at BIGINT,
    ended_at BIGINT,
    end_reason TEXT,
    site_id TEXT REFERENCES sites(id),
    recording_allowed BOOLEAN,
    -- The last transcript sequence number handed out: incremented under the row lock, so appends never collide.
    last_message_seq INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX sessions_state ON sessions (state, queued_at);
  CREATE INDEX sessions_rep ON sessions (rep_id, state);
  CREATE INDEX sessions_created ON sessions (created_at DESC);
  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    author TEXT NOT NULL,
    author_name TEXT NOT NULL,
    text TEXT NOT NULL,
    at BIGINT NOT NULL,
    UNIQUE (session_id, seq)
  );
  CREATE TABLE session_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    kind TEXT NOT NULL,
    at BIGINT NOT NULL,
    data JSONB NOT NULL
  );
  CREATE INDEX session_events_session ON session_events (session_id, id);
  CREATE TABLE peers (
    peer_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    side TEXT NOT NULL CHECK (side IN ('customer', 'rep')),
    token_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (session_id, side)
  );
  CREATE TABLE permissions (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('view', 'control', 'files')),
    state TEXT NOT NULL CHECK (state IN ('asked', 'granted', 'refused', 'revoked')),
    by_role TEXT NOT NULL CHECK (by_role IN ('customer', 'rep', 'system')),
    at BIGINT NOT NULL,
    PRIMARY KEY (session_id, kind)
  );
  CREATE TABLE recordings (
    id TEXT COLLATE "C" PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    rep_id TEXT NOT NULL REFERENCES reps(id),
    mime_type TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    bytes BIGINT NOT NULL DEFAULT 0,
    chunks INTEGER NOT NULL DEFAULT 0,
    finished BOOLEAN NOT NULL DEFAULT FALSE
  );
  CREATE INDEX recordings_session ON recordings (session_id, started_at);
  CREATE TABLE notices (
    id TEXT COLLATE "C" PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE survey_answers (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
    answers JSONB NOT NULL,
    at BIGINT NOT NULL
  );
  CREATE TABLE rep_avatars (
    rep_id TEXT PRIMARY KEY REFERENCES reps(id) ON DELETE CASCADE,
    mime TEXT NOT NULL,
    data BYTEA NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE TABLE teams (
    id TEXT PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    rep_id TEXT COLLATE "C" NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
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
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    session_id TEXT
  );
  CREATE INDEX session_keys_code ON session_keys (code_hash, created_at);
  CREATE TABLE journal (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT PRIMARY KEY,
    incident TEXT NOT NULL,
    kind TEXT NOT NULL,
    at BIGINT NOT NULL,
    text TEXT NOT NULL,
    session_id TEXT
  );
  CREATE INDEX journal_incident ON journal (incident, at);
  CREATE TABLE integrations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    webhook_url TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE webhook_deliveries (
    rowid BIGINT GENERATED ALWAYS AS IDENTITY,
    id TEXT PRIMARY KEY,
    integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL,
    last_status INTEGER,
    last_error TEXT,
    next_attempt_at BIGINT,
    delivered_at BIGINT,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
  CREATE INDEX webhook_deliveries_session ON webhook_deliveries (session_id, status);
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    integration_id TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    scopes JSONB NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
  );
  `,
  // Notices per public site: a notice applies to every site (all_sites, what earlier notices become) or to the sites listed here.
  `
  ALTER TABLE notices ADD COLUMN all_sites BOOLEAN NOT NULL DEFAULT TRUE;
  CREATE TABLE notice_sites (
    notice_id TEXT COLLATE "C" NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    site_id TEXT COLLATE "C" NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    PRIMARY KEY (notice_id, site_id)
  );
  CREATE INDEX notice_sites_site ON notice_sites (site_id);
  `,
  // Least privilege: who may read each session, written by triggers with every assignment and route.
  PG_ACCESS_MIGRATION,
  // Customer absence deadlines: set when a customer's last connection anywhere goes, so any node ends the session once.
  `
  CREATE TABLE session_absence (
    session_id TEXT COLLATE "C" PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    deadline_at BIGINT NOT NULL
  );
  CREATE INDEX session_absence_due ON session_absence (deadline_at);
  `,
  // File transfers and the relay's metadata (were in one process's memory): every node, and a restarted one, sees them.
  `
  CREATE TABLE file_transfers (
    id TEXT COLLATE "C" PRIMARY KEY,
    session_id TEXT COLLATE "C" NOT NULL REFERENCES sessions(id),
    from_side TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    state TEXT NOT NULL,
    route TEXT,
    relay_ready BOOLEAN NOT NULL,
    by_side TEXT NOT NULL,
    at BIGINT NOT NULL,
    error TEXT,
    relay_seq BIGINT NOT NULL DEFAULT 0,
    relay_bytes BIGINT NOT NULL DEFAULT 0,
    relay_sent BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX file_transfers_session ON file_transfers (session_id, created_at);
  CREATE INDEX file_transfers_relay_held ON file_transfers (relay_bytes) WHERE relay_bytes > 0;
  `,
  // Peer identity per (session, party, representative): a new representative gets a new id, and which node holds
  // each peer's socket is known to every node. The old ids were one per session side: only the customers' carry over.
  `
  CREATE TABLE peers_per_side AS SELECT peer_id, session_id, side, token_hash, created_at FROM peers WHERE side = 'customer';
  DROP TABLE peers;
  CREATE TABLE peers (
    peer_id TEXT COLLATE "C" PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    side TEXT NOT NULL CHECK (side IN ('customer', 'rep')),
    rep_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL,
    rep_token_hash TEXT,
    node_id TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (session_id, side, rep_id),
    CHECK ((side = 'customer') = (rep_id = ''))
  );
  INSERT INTO peers (peer_id, session_id, side, token_hash, created_at)
    SELECT peer_id, session_id, side, token_hash, created_at FROM peers_per_side;
  DROP TABLE peers_per_side;
  `,
  // Secrets every node must share (signed links): generated once by whichever node starts first.
  `
  CREATE TABLE server_secrets (
    name TEXT COLLATE "C" PRIMARY KEY,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  `,
  // Consent bound to the representative: who asked for and holds each permission; elevation state per session.
  PG_CONSENT_MIGRATION,
  // The estimated wait reads the most recently ended sessions' handle times: an index on the end time, not a table scan.
  `
  CREATE INDEX sessions_ended ON sessions (ended_at);
  `,
];
