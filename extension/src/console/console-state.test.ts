import { describe, expect, it } from 'vitest';
import type { ChatMessage, QueueEntry, SessionView } from '@rs/protocol';
import type { LiveNotice } from '../lib/live.ts';
import { consoleReducer, initialConsoleState, selectedSession, type ConsoleState } from './console-state.ts';

const REP = 'rep_0001abcd';
const session = (id: string, state: SessionView['state'], extra: Partial<SessionView> = {}): SessionView => ({
  id,
  state,
  customerName: `Customer ${id}`,
  repId: state === 'queued' ? null : REP,
  repName: state === 'queued' ? null : 'Rita',
  createdAt: 1,
  queuedAt: 1,
  acceptedAt: state === 'queued' ? null : 2,
  endedAt: state === 'closed' ? 3 : null,
  endReason: state === 'closed' ? 'customer_left' : null,
  ...extra,
});
const line = (sessionId: string, seq: number): ChatMessage => ({
  id: `msg_${sessionId.slice(-4)}${String(seq).padStart(4, '0')}`,
  sessionId,
  seq,
  author: 'customer',
  authorName: 'C',
  text: `line ${seq}`,
  at: seq,
});

const A = 'sess_aaaa0001';
const B = 'sess_bbbb0002';

function welcomed(): ConsoleState {
  return consoleReducer(initialConsoleState, { type: 'welcome', repId: REP });
}

describe('consoleReducer', () => {
  it('keeps whether a snapshot has earlier lines, and puts a loaded page in front', () => {
    let state = consoleReducer(welcomed(), { type: 'notice', notice: { type: 'session', session: session(A, 'active'), messages: [line(A, 3)], earlier: true }, receivedAt: 0 });
    expect(state.sessions[0]).toMatchObject({ earlier: true });
    state = consoleReducer(state, { type: 'earlier', sessionId: A, messages: [line(A, 1), line(A, 2), line(A, 3)], earlier: false });
    expect(state.sessions[0]!.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(state.sessions[0]!.earlier).toBe(false);
    // A state change without a snapshot keeps what was loaded.
    state = consoleReducer(state, { type: 'session', session: session(A, 'active', { customerName: 'Renamed' }) });
    expect(state.sessions[0]!.messages).toHaveLength(3);
  });

  it('applies queue deltas to the whole list: added, updated and removed entries, kept in queue order', () => {
    const entry = (id: string, queuedAt: number, extra: Partial<QueueEntry> = {}): QueueEntry => ({ sessionId: id, customerName: `Customer ${id}`, queuedAt, queue: 'general', held: false, ...extra });
    const C = 'sess_cccc0003';
    const D = 'sess_dddd0004';
    const notice = (n: LiveNotice) => ({ type: 'notice' as const, notice: n, receivedAt: 1_000 });
    let state = consoleReducer(welcomed(), notice({ type: 'queue', entries: [entry(A, 1), entry(B, 2)], serverTime: 1_000 }));
    state = consoleReducer(state, notice({ type: 'queue.delta', added: [entry(D, 4), entry(C, 3)], updated: [entry(A, 1, { held: true })], removed: [B], serverTime: 2_000 }));
    expect(state.queue.map((e) => [e.sessionId, e.held])).toEqual([[A, true], [C, false], [D, false]]);
    expect(state.clockOffsetMs).toBe(1_000);
    // Applied twice (or an add for an entry already shown, a removal of one not shown): the same list, no duplicates.
    const again = consoleReducer(state, notice({ type: 'queue.delta', added: [entry(C, 3)], updated: [], removed: [B], serverTime: 2_000 }));
    expect(again.queue.map((e) => e.sessionId)).toEqual([A, C, D]);
    // The whole list still replaces everything (on connect).
    state = consoleReducer(state, notice({ type: 'queue', entries: [entry(B, 2)], serverTime: 2_000 }));
    expect(state.queue.map((e) => e.sessionId)).toEqual([B]);
  });

  it('learns the clock offset from queue notices', () => {
    const state = consoleReducer(welcomed(), {
      type: 'notice',
      notice: { type: 'queue', entries: [], serverTime: 10_000 },
      receivedAt: 7_000,
    });
    expect(state.clockOffsetMs).toBe(3_000);
  });

  it('opens sessions from snapshots, keeps them in order and selects the first', () => {
    let state = welcomed();
    state = consoleReducer(state, { type: 'notice', notice: { type: 'session', session: session(A, 'active'), messages: [line(A, 1)] }, receivedAt: 0 });
    state = consoleReducer(state, { type: 'notice', notice: { type: 'session', session: session(B, 'active'), messages: [] }, receivedAt: 0 });
    expect(state.sessions.map((s) => s.session.id)).toEqual([A, B]);
    expect(selectedSession(state)?.session.id).toBe(A);
    state = consoleReducer(state, { type: 'notice', notice: { type: 'chat', message: line(A, 2) }, receivedAt: 0 });
    expect(state.sessions[0]!.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('ignores sessions that are not this rep’s and closed ones it does not hold', () => {
    let state = welcomed();
    state = consoleReducer(state, { type: 'notice', notice: { type: 'session', session: session(A, 'active', { repId: 'rep_other001' }) }, receivedAt: 0 });
    state = consoleReducer(state, { type: 'notice', notice: { type: 'session', session: session(B, 'closed') }, receivedAt: 0 });
    expect(state.sessions).toEqual([]);
  });

  it('keeps a session the customer left until it is dismissed', () => {
    let state = consoleReducer(welcomed(), { type: 'session', session: session(A, 'active'), select: true });
    state = consoleReducer(state, { type: 'notice', notice: { type: 'session', session: session(A, 'closed') }, receivedAt: 0 });
    expect(selectedSession(state)?.session.state).toBe('closed');
    state = consoleReducer(state, { type: 'welcome', repId: REP });
    expect(state.sessions).toHaveLength(1);
    state = consoleReducer(state, { type: 'remove', sessionId: A });
    expect(state.sessions).toEqual([]);
    expect(state.selectedId).toBeNull();
  });

  it('selects an accepted session', () => {
    let state = consoleReducer(welcomed(), { type: 'session', session: session(A, 'active') });
    state = consoleReducer(state, { type: 'session', session: session(B, 'active'), select: true });
    expect(selectedSession(state)?.session.id).toBe(B);
  });
});
