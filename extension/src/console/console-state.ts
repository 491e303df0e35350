import type { ChatMessage, QueueEntry, SessionView } from '@rs/protocol';
import type { LiveNotice } from '../lib/live.ts';
import { mergeEarlier, mergeMessage } from '../lib/transcript.ts';

/** A session the representative is serving, with its transcript. */
export interface OpenSession {
  session: SessionView;
  messages: ChatMessage[];
  /** Whether the transcript has lines before `messages` (snapshots carry only the recent ones). */
  earlier?: boolean;
}

export interface ConsoleState {
  /** Who this connection is (from `welcome`); sessions of other reps are not ours to show. */
  repId: string | null;
  queue: QueueEntry[];
  /** Server clock minus local clock, so that wait times do not depend on the rep's clock being right. */
  clockOffsetMs: number;
  sessions: OpenSession[];
  selectedId: string | null;
}

export type ConsoleAction =
  | { type: 'welcome'; repId: string | null }
  | { type: 'notice'; notice: LiveNotice; receivedAt: number }
  | { type: 'session'; session: SessionView; select?: boolean }
  | { type: 'remove'; sessionId: string }
  | { type: 'select'; sessionId: string }
  /** Older lines loaded with "Show earlier messages". */
  | { type: 'earlier'; sessionId: string; messages: ChatMessage[]; earlier: boolean };

export const initialConsoleState: ConsoleState = { repId: null, queue: [], clockOffsetMs: 0, sessions: [], selectedId: null };

function upsert(state: ConsoleState, session: SessionView, messages: ChatMessage[] | undefined, select: boolean, earlier = false): ConsoleState {
  const index = state.sessions.findIndex((s) => s.session.id === session.id);
  let sessions: OpenSession[];
  // Transferred to someone else, or held (back in a queue): it is no longer ours to show.
  const gone = session.state === 'held' || (session.state === 'active' && state.repId !== null && session.repId !== state.repId);
  if (index >= 0 && gone) return remove(state, session.id);
  if (index >= 0) {
    sessions = state.sessions.slice();
    const current = sessions[index]!;
    sessions[index] = messages ? { session, messages, earlier } : { ...current, session };
  } else {
    // Only a session this rep serves joins the list; a closed one we do not hold (we ended it) stays gone.
    const ours = session.state === 'active' && (state.repId === null || session.repId === state.repId);
    if (!ours) return state;
    sessions = [...state.sessions, { session, messages: messages ?? [], earlier: messages ? earlier : false }];
  }
  const selectedId = select || state.selectedId === null ? session.id : state.selectedId;
  return { ...state, sessions, selectedId };
}

/**
 * The queue after a `queue.delta`: added and updated entries replace any with their session id, removed ids
 * leave; in queue order (queuedAt, then id, as the server sorts). Applying one twice gives the same list.
 */
export function applyQueueDelta(queue: readonly QueueEntry[], delta: Extract<LiveNotice, { type: 'queue.delta' }>): QueueEntry[] {
  const byId = new Map(queue.map((e) => [e.sessionId, e]));
  for (const id of delta.removed) byId.delete(id);
  for (const e of [...delta.added, ...delta.updated]) byId.set(e.sessionId, e);
  return [...byId.values()].sort((a, b) => a.queuedAt - b.queuedAt || a.sessionId.localeCompare(b.sessionId));
}

function remove(state: ConsoleState, sessionId: string): ConsoleState {
  const sessions = state.sessions.filter((s) => s.session.id !== sessionId);
  const selectedId = state.selectedId === sessionId ? (sessions[0]?.session.id ?? null) : state.selectedId;
  return { ...state, sessions, selectedId };
}

export function consoleReducer(state: ConsoleState, action: ConsoleAction): ConsoleState {
  switch (action.type) {
    case 'welcome':
      // A fresh connection: the server now sends a snapshot of every session we serve. Ended
      // sessions still waiting for "Dismiss" stay; the others come back with their snapshots.
      return {
        ...state,
        repId: action.repId,
        sessions: state.sessions.filter((s) => s.session.state === 'closed'),
      };
    case 'notice': {
      const notice = action.notice;
      if (notice.type === 'queue') {
        return { ...state, queue: notice.entries, clockOffsetMs: notice.serverTime - action.receivedAt };
      }
      if (notice.type === 'queue.delta') return { ...state, queue: applyQueueDelta(state.queue, notice), clockOffsetMs: notice.serverTime - action.receivedAt };
      if (notice.type === 'session') return upsert(state, notice.session, notice.messages, false, notice.earlier ?? false);
      if (notice.type !== 'chat') return state;
      const { message } = notice;
      const index = state.sessions.findIndex((s) => s.session.id === message.sessionId);
      if (index < 0) return state;
      const sessions = state.sessions.slice();
      const current = sessions[index]!;
      sessions[index] = { ...current, messages: mergeMessage(current.messages, message) };
      return { ...state, sessions };
    }
    case 'session':
      return upsert(state, action.session, undefined, action.select ?? false);
    case 'remove':
      return remove(state, action.sessionId);
    case 'earlier': {
      const sessions = state.sessions.map((s) =>
        s.session.id === action.sessionId ? { ...s, messages: mergeEarlier(s.messages, action.messages), earlier: action.earlier } : s,
      );
      return { ...state, sessions };
    }
    case 'select':
      return state.sessions.some((s) => s.session.id === action.sessionId) ? { ...state, selectedId: action.sessionId } : state;
  }
}

export function selectedSession(state: ConsoleState): OpenSession | null {
  return state.sessions.find((s) => s.session.id === state.selectedId) ?? state.sessions[0] ?? null;
}
