/**
 * Customer absence deadlines (the grace after a customer's last connection
 * anywhere went): rows in the store, so whichever node is alive when one is
 * due ends the session, exactly once; part of every Store (`store.absences`).
 */
export interface AbsenceStore {
  /** Sets (or moves) the session's deadline. */
  set(sessionId: string, deadlineAt: number): Promise<void>;
  /** The customer is back: no deadline. */
  clear(sessionId: string): Promise<void>;
  deadline(sessionId: string): Promise<number | null>;
  /** Deadlines at or before `now`, earliest first. */
  due(now: number, limit: number): Promise<{ sessionId: string; deadlineAt: number }[]>;
  /** Removes the deadline only if it is still `deadlineAt`: true for exactly one caller, who then acts on it. */
  claim(sessionId: string, deadlineAt: number): Promise<boolean>;
}
