import type { ChatMessage, EndReason, Rep, SessionState } from '@rs/protocol';
import type { WorkflowStore } from './workflow-store.ts';

/** A representative as stored, with the password hash that never leaves the server. */
export interface RepRecord extends Rep {
  passwordHash: string;
  createdAt: number;
}

export interface SessionRecord {
  id: string;
  state: SessionState;
  customerName: string;
  customerTokenHash: string;
  repId: string | null;
  createdAt: number;
  queuedAt: number;
  acceptedAt: number | null;
  endedAt: number | null;
  endReason: EndReason | null;
}

export interface PeerRecord {
  peerId: string;
  sessionId: string;
  side: 'customer' | 'rep';
  tokenHash: string;
  createdAt: number;
}

export type NewMessage = Omit<ChatMessage, 'seq'>;

/**
 * Everything the server persists, behind one interface so that SQLite (the
 * embedded default) and PostgreSQL pass the same test suite. Methods are async
 * even where SQLite is synchronous, because a network database is not.
 */
export interface Store {
  createRep(rep: RepRecord): Promise<void>;
  repByUsername(username: string): Promise<RepRecord | null>;
  repById(id: string): Promise<RepRecord | null>;
  countReps(): Promise<number>;

  createRepToken(tokenHash: string, repId: string, expiresAt: number): Promise<void>;
  /** The rep owning an unexpired token, or null. */
  repByToken(tokenHash: string, now: number): Promise<RepRecord | null>;
  deleteRepToken(tokenHash: string): Promise<void>;

  createSession(session: SessionRecord): Promise<void>;
  session(id: string): Promise<SessionRecord | null>;
  sessionByCustomerToken(tokenHash: string): Promise<SessionRecord | null>;
  /**
   * Applies `patch` only if the session is still in `expected` state; returns
   * the updated record, or null when another writer got there first.
   */
  transitionSession(id: string, expected: SessionState, patch: Partial<SessionRecord>): Promise<SessionRecord | null>;
  sessionsInState(state: SessionState): Promise<SessionRecord[]>;
  activeSessionsOfRep(repId: string): Promise<SessionRecord[]>;
  /** Newest first. */
  recentSessions(limit: number): Promise<SessionRecord[]>;

  /** Appends a transcript line, assigning the next sequence number of its session. */
  appendMessage(message: NewMessage): Promise<ChatMessage>;
  messages(sessionId: string): Promise<ChatMessage[]>;

  /** Audit log of session transitions. */
  appendEvent(sessionId: string, kind: string, at: number, data: Record<string, unknown>): Promise<void>;
  events(sessionId: string): Promise<{ kind: string; at: number; data: Record<string, unknown> }[]>;

  /**
   * Issues this side's peer identity for the session: the peer id is created
   * once and kept; the token hash is replaced, so only the latest token works.
   */
  issuePeer(peer: PeerRecord): Promise<PeerRecord>;
  peer(peerId: string): Promise<PeerRecord | null>;
  peerOfSession(sessionId: string, side: 'customer' | 'rep'): Promise<PeerRecord | null>;

  /** Session keys, routing, teams, journal, integrations (representative workflow). */
  readonly workflow: WorkflowStore;

  close(): Promise<void>;
}
