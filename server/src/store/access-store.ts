/** One entry of a session's readers: a representative who took part, or a team it was routed to. */
export interface SessionReader {
  kind: 'rep' | 'team';
  id: string;
}

/**
 * Least privilege's persistence; part of every Store (`store.access`). The
 * rows are written by the database itself when a session is assigned or
 * routed (store/access-schema.ts), so there is nothing here to record them.
 */
export interface AccessStore {
  /** True when this representative took part in the session or a team of theirs served it. */
  mayRead(sessionId: string, repId: string): Promise<boolean>;
  /** Everyone besides admins who may read the session, reps first, then teams, each sorted by id. */
  readers(sessionId: string): Promise<SessionReader[]>;
}
