/**
 * Who may read a session (least privilege): `session_readers` holds one row per
 * representative who took part in a session (accepted it, was transferred it,
 * took it over, was the personal-queue target of its key) and per team it was
 * routed to. Triggers on `sessions.rep_id` and `session_routes` write the rows
 * in the same statement, and so the same transaction, as the transition
 * itself: no code path can assign a session without recording it, a crash
 * cannot leave one half written, and every node sharing the database sees
 * them. Rows are never removed, so a transfer or hold does not take away what
 * a representative already served. Earlier sessions are backfilled from the
 * audit log, which names every representative and team of every transition.
 */
export const SQLITE_ACCESS_MIGRATION = `
  CREATE TABLE session_readers (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    kind TEXT NOT NULL CHECK (kind IN ('rep', 'team')),
    subject_id TEXT NOT NULL,
    PRIMARY KEY (session_id, kind, subject_id)
  );
  CREATE INDEX session_readers_subject ON session_readers (kind, subject_id, session_id);
  CREATE TRIGGER session_readers_session_insert AFTER INSERT ON sessions WHEN NEW.rep_id IS NOT NULL
  BEGIN INSERT OR IGNORE INTO session_readers VALUES (NEW.id, 'rep', NEW.rep_id); END;
  CREATE TRIGGER session_readers_session_update AFTER UPDATE OF rep_id ON sessions WHEN NEW.rep_id IS NOT NULL
  BEGIN INSERT OR IGNORE INTO session_readers VALUES (NEW.id, 'rep', NEW.rep_id); END;
  CREATE TRIGGER session_readers_route_insert AFTER INSERT ON session_routes
  BEGIN
    INSERT OR IGNORE INTO session_readers SELECT NEW.session_id, 'rep', NEW.personal_rep_id WHERE NEW.personal_rep_id IS NOT NULL;
    INSERT OR IGNORE INTO session_readers SELECT NEW.session_id, 'team', NEW.team_id WHERE NEW.team_id IS NOT NULL;
  END;
  CREATE TRIGGER session_readers_route_update AFTER UPDATE ON session_routes
  BEGIN
    INSERT OR IGNORE INTO session_readers SELECT NEW.session_id, 'rep', NEW.personal_rep_id WHERE NEW.personal_rep_id IS NOT NULL;
    INSERT OR IGNORE INTO session_readers SELECT NEW.session_id, 'team', NEW.team_id WHERE NEW.team_id IS NOT NULL;
  END;
  INSERT OR IGNORE INTO session_readers SELECT id, 'rep', rep_id FROM sessions WHERE rep_id IS NOT NULL;
  INSERT OR IGNORE INTO session_readers SELECT session_id, 'rep', personal_rep_id FROM session_routes WHERE personal_rep_id IS NOT NULL;
  INSERT OR IGNORE INTO session_readers SELECT session_id, 'team', team_id FROM session_routes WHERE team_id IS NOT NULL;
  INSERT OR IGNORE INTO session_readers SELECT session_id, 'rep', v FROM (
    SELECT session_id, json_extract(data, '$.repId') AS v FROM session_events WHERE kind IN ('accepted', 'transferred')
    UNION SELECT session_id, json_extract(data, '$.fromRepId') FROM session_events WHERE kind = 'transferred'
    UNION SELECT session_id, json_extract(data, '$.personalRepId') FROM session_events WHERE kind = 'queued'
  ) WHERE v IS NOT NULL;
  INSERT OR IGNORE INTO session_readers SELECT session_id, 'team', json_extract(data, '$.teamId') FROM session_events
    WHERE kind = 'transferred' AND json_extract(data, '$.teamId') IS NOT NULL;
`;

/** The same for PostgreSQL: one trigger function per table, JSONB in the backfill. */
export const PG_ACCESS_MIGRATION = `
  CREATE TABLE session_readers (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    kind TEXT NOT NULL CHECK (kind IN ('rep', 'team')),
    subject_id TEXT NOT NULL,
    PRIMARY KEY (session_id, kind, subject_id)
  );
  CREATE INDEX session_readers_subject ON session_readers (kind, subject_id, session_id);
  CREATE FUNCTION session_readers_from_session() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.rep_id IS NOT NULL THEN
      INSERT INTO session_readers VALUES (NEW.id, 'rep', NEW.rep_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER session_readers_session AFTER INSERT OR UPDATE OF rep_id ON sessions
    FOR EACH ROW EXECUTE FUNCTION session_readers_from_session();
  CREATE FUNCTION session_readers_from_route() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.personal_rep_id IS NOT NULL THEN
      INSERT INTO session_readers VALUES (NEW.session_id, 'rep', NEW.personal_rep_id) ON CONFLICT DO NOTHING;
    END IF;
    IF NEW.team_id IS NOT NULL THEN
      INSERT INTO session_readers VALUES (NEW.session_id, 'team', NEW.team_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
  END $$;
  CREATE TRIGGER session_readers_route AFTER INSERT OR UPDATE ON session_routes
    FOR EACH ROW EXECUTE FUNCTION session_readers_from_route();
  INSERT INTO session_readers SELECT id, 'rep', rep_id FROM sessions WHERE rep_id IS NOT NULL ON CONFLICT DO NOTHING;
  INSERT INTO session_readers SELECT session_id, 'rep', personal_rep_id FROM session_routes WHERE personal_rep_id IS NOT NULL ON CONFLICT DO NOTHING;
  INSERT INTO session_readers SELECT session_id, 'team', team_id FROM session_routes WHERE team_id IS NOT NULL ON CONFLICT DO NOTHING;
  INSERT INTO session_readers SELECT session_id, 'rep', v FROM (
    SELECT session_id, data->>'repId' AS v FROM session_events WHERE kind IN ('accepted', 'transferred')
    UNION SELECT session_id, data->>'fromRepId' FROM session_events WHERE kind = 'transferred'
    UNION SELECT session_id, data->>'personalRepId' FROM session_events WHERE kind = 'queued'
  ) e WHERE v IS NOT NULL ON CONFLICT DO NOTHING;
  INSERT INTO session_readers SELECT session_id, 'team', data->>'teamId' FROM session_events
    WHERE kind = 'transferred' AND data->>'teamId' IS NOT NULL ON CONFLICT DO NOTHING;
`;
