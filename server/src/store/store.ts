import type { ChatMessage, EndReason, PermissionKind, PermissionState, Rep, SessionState } from '@rs/protocol';
import type { ClickToChatStore } from './click-to-chat-store.ts';
import type { WorkflowStore } from './workflow-store.ts';
import type { AbsenceStore } from './absence-store.ts';
import type { PeopleStore } from './people-store.ts';
import type { AccessStore } from './access-store.ts';
import type { FilesStore } from './files-store.ts';
import type { ConsentStore } from './consent-store.ts';

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
  /** The public site the customer started from (click-to-chat). */
  siteId?: string | null;
  /** The customer's answer to the recording prompt; null when not asked. */
  recordingAllowed?: boolean | null;
}

/**
 * A PeerJS identity: one per (session, party, representative). The customer
 * has one per session; each representative who holds the session gets their
 * own, so a new representative never inherits the signalling of the last one.
 */
export interface PeerRecord {
  peerId: string;
  sessionId: string;
  side: 'customer' | 'rep';
  /** The representative this id belongs to; null for the customer's. */
  repId: string | null;
  tokenHash: string;
  /** The representative's sign-in that fetched the token: signing it out ends this peer too. */
  repTokenHash: string | null;
  createdAt: number;
}

export interface PermissionRecord {
  sessionId: string;
  kind: PermissionKind;
  state: PermissionState;
  by: 'customer' | 'rep' | 'system';
  at: number;
  /** The representative who asked for it and holds it (null: a row from before consent was bound to one). */
  repId?: string | null;
  repName?: string | null;
}

export interface RecordingRecord {
  id: string;
  sessionId: string;
  repId: string;
  mimeType: string;
  startedAt: number;
  updatedAt: number;
  bytes: number;
  chunks: number;
  finished: boolean;
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

  /** The secret stored as `name`; `candidate` is stored (and returned) when there is none yet, so every node gets the first one stored. */
  serverSecret(name: string, candidate: string, now: number): Promise<string>;

  createRepToken(tokenHash: string, repId: string, expiresAt: number): Promise<void>;
  /** The rep owning an unexpired token, or null (also for a disabled rep). */
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
  /** Newest first; with `readerRepId`, only the sessions that representative may read (see `access`). */
  recentSessions(limit: number, readerRepId?: string): Promise<SessionRecord[]>;

  /** Appends a transcript line, assigning the next sequence number of its session. */
  appendMessage(message: NewMessage): Promise<ChatMessage>;
  /**
   * Appends a party's line unless the session's transcript already has `maxLines` lines: null then (checked
   * in the same statement as the numbering, so no read per line and no race between nodes).
   */
  appendLine(message: NewMessage, maxLines: number): Promise<ChatMessage | null>;
  messages(sessionId: string): Promise<ChatMessage[]>;
  /** At most `limit` lines before `beforeSeq` (null: the newest), oldest first: a bounded page of the transcript. */
  messagesPage(sessionId: string, beforeSeq: number | null, limit: number): Promise<ChatMessage[]>;

  /** Audit log of session transitions. */
  appendEvent(sessionId: string, kind: string, at: number, data: Record<string, unknown>): Promise<void>;
  events(sessionId: string): Promise<{ kind: string; at: number; data: Record<string, unknown> }[]>;

  /**
   * Issues a party's peer identity for the session (the customer's, or one
   * representative's): the peer id is created once and kept; the token hashes
   * are replaced, so only the latest token works.
   */
  issuePeer(peer: PeerRecord): Promise<PeerRecord>;
  peer(peerId: string): Promise<PeerRecord | null>;
  /** The customer's peer (repId null), or the peer of representative `repId`, in this session. */
  peerOfSession(sessionId: string, side: 'customer' | 'rep', repId?: string | null): Promise<PeerRecord | null>;
  /** Which server node holds the peer's socket (null: none); with `ifNode`, only if that node still holds it. */
  setPeerNode(peerId: string, nodeId: string | null, ifNode?: string): Promise<void>;
  peerNode(peerId: string): Promise<string | null>;

  /** Sets one permission of a session (insert or replace); the permission service keeps the audit trail. */
  setPermission(permission: PermissionRecord): Promise<void>;
  permissions(sessionId: string): Promise<PermissionRecord[]>;

  createRecording(recording: RecordingRecord): Promise<void>;
  recording(id: string): Promise<RecordingRecord | null>;
  /** Oldest first. */
  recordingsOfSession(sessionId: string): Promise<RecordingRecord[]>;
  /** Counts one more chunk of `bytes` only if `expectedChunks` were stored so far; false when another upload got there first. */
  appendRecordingChunk(id: string, expectedChunks: number, bytes: number, at: number): Promise<boolean>;
  finishRecording(id: string, at: number): Promise<void>;
  /** Public sites, notices, survey answers and avatars. */
  readonly clickToChat: ClickToChatStore;
  /** Session keys, routing, teams, journal, integrations (representative workflow). */
  readonly workflow: WorkflowStore;
  /** Representatives' role and sign-in state, team membership (people administration). */
  readonly people: PeopleStore;
  /** Least privilege: which representatives and teams may read which session. */
  readonly access: AccessStore;
  /** Customer absence deadlines (the grace), so any node ends a session whose customer did not come back, once. */
  readonly absences: AbsenceStore;
  /** File transfers and the file relay's metadata. */
  readonly files: FilesStore;
  /** Permissions' conditional writes and elevation state (consent bound to the representative). */
  readonly consent: ConsentStore;

  /**
   * Runs `fn` as one transaction: every store call made in its async context
   * (by whichever service) is part of it; nothing is visible to others until it
   * resolves, and nothing stays when it throws. Send notices after it resolves.
   * Nested calls join the outer transaction.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;

  close(): Promise<void>;
}
