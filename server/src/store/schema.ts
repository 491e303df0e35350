import { WORKFLOW_MIGRATION } from './workflow-schema.ts';
import { SQLITE_ACCESS_MIGRATION } from './access-schema.ts';
import { SQLITE_CONSENT_MIGRATION } from './consent-schema.ts';

/** Forward-only migrations; index i brings the schema to version i + 1. Never edit a released entry. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE reps (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('rep', 'admin')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE rep_tokens (
    token_hash TEXT PRIMARY KEY,
    rep_id TEXT NOT NULL REFERENCES reps(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
  );
  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    customer_token_hash TEXT NOT NULL UNIQUE,
    rep_id TEXT REFERENCES reps(id),
    created_at INTEGER NOT NULL,
    queued_at INTEGER NOT NULL,
    accepted_at INTEGER,
    ended_at INTEGER,
    end_reason TEXT
  );
  CREATE INDEX sessions_state ON sessions (state, queued_at);
  CREATE INDEX sessions_rep ON sessions (rep_id, state);
  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    author TEXT NOT NULL,
    author_name TEXT NOT NULL,
    text TEXT NOT NULL,
    at INTEGER NOT NULL,
    UNIQUE (session_id, seq)
  );
  CREATE TABLE session_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    kind TEXT NOT NULL,
    at INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  CREATE TABLE peers (
    peer_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    side TEXT NOT NULL CHECK (side IN ('customer', 'rep')),
    token_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (session_id, side)
  );
  `,  // Screen sharing: permissions as server state, recordings (the recording choice is the next migration's column).
  `
  CREATE TABLE permissions (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    kind TEXT NOT NULL CHECK (kind IN ('view', 'control', 'files')),
    state TEXT NOT NULL CHECK (state IN ('asked', 'granted', 'refused', 'revoked')),
    by_role TEXT NOT NULL CHECK (by_role IN ('customer', 'rep', 'system')),
    at INTEGER NOT NULL,
    PRIMARY KEY (session_id, kind)
  );
  CREATE TABLE recordings (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    rep_id TEXT NOT NULL REFERENCES reps(id),
    mime_type TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    bytes INTEGER NOT NULL DEFAULT 0,
    chunks INTEGER NOT NULL DEFAULT 0,
    finished INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX recordings_session ON recordings (session_id, started_at);
  `,
  // 2: click-to-chat (issue 3): public sites, customer notices, exit survey answers, rep avatars; site and recording choice per session.
  `
  CREATE TABLE sites (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    path TEXT NOT NULL UNIQUE,
    settings TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE notices (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    active INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE survey_answers (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
    answers TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE TABLE rep_avatars (
    rep_id TEXT PRIMARY KEY REFERENCES reps(id) ON DELETE CASCADE,
    mime TEXT NOT NULL,
    data BLOB NOT NULL,
    updated_at INTEGER NOT NULL
  );
  ALTER TABLE sessions ADD COLUMN site_id TEXT REFERENCES sites(id);
  ALTER TABLE sessions ADD COLUMN recording_allowed INTEGER;
  `,
  WORKFLOW_MIGRATION,
  // People administration: an admin can disable a representative (no sign-in, history kept).
  'ALTER TABLE reps ADD COLUMN disabled_at INTEGER;',
  // Notices per public site: a notice applies to every site (all_sites, what earlier notices become) or to the sites listed here.
  `
  ALTER TABLE notices ADD COLUMN all_sites INTEGER NOT NULL DEFAULT 1;
  CREATE TABLE notice_sites (
    notice_id TEXT NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    PRIMARY KEY (notice_id, site_id)
  );
  CREATE INDEX notice_sites_site ON notice_sites (site_id);
  `,
  // Least privilege: who may read each session, written by triggers with every assignment and route.
  SQLITE_ACCESS_MIGRATION,
  // Customer absence deadlines: set when a customer's last connection anywhere goes, so any node ends the session once.
  `
  CREATE TABLE session_absence (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    deadline_at INTEGER NOT NULL
  );
  CREATE INDEX session_absence_due ON session_absence (deadline_at);
  `,
  // File transfers and the relay's metadata (were in one process's memory): every node, and a restarted one, sees them.
  `
  CREATE TABLE file_transfers (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    from_side TEXT NOT NULL,
    sender_name TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    state TEXT NOT NULL,
    route TEXT,
    relay_ready INTEGER NOT NULL,
    by_side TEXT NOT NULL,
    at INTEGER NOT NULL,
    error TEXT,
    relay_seq INTEGER NOT NULL DEFAULT 0,
    relay_bytes INTEGER NOT NULL DEFAULT 0,
    relay_sent INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
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
    peer_id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    side TEXT NOT NULL CHECK (side IN ('customer', 'rep')),
    rep_id TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL,
    rep_token_hash TEXT,
    node_id TEXT,
    created_at INTEGER NOT NULL,
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
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  `,
  // Consent bound to the representative: who asked for and holds each permission; elevation state per session.
  SQLITE_CONSENT_MIGRATION,
  // The estimated wait reads the most recently ended sessions' handle times: an index on the end time, not a table scan.
  `
  CREATE INDEX sessions_ended ON sessions (ended_at);
  `,
];
