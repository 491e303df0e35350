import { describe, expect, it } from 'vitest';
import type { SessionView } from '@rs/protocol';
import { consoleReducer, initialConsoleState } from './console-state.ts';

const ME = 'rep_0001abcd';
const view = (over: Partial<SessionView>): SessionView => ({
  id: 'sess_aaaa0001', state: 'active', customerName: 'Ada', repId: ME, repName: 'Me',
  createdAt: 1, queuedAt: 1, acceptedAt: 2, endedAt: null, endReason: null, ...over,
});

describe('consoleReducer and the representative workflow', () => {
  const serving = consoleReducer(consoleReducer(initialConsoleState, { type: 'welcome', repId: ME }), { type: 'session', session: view({}) });

  it('drops a session transferred to another representative', () => {
    const after = consoleReducer(serving, { type: 'notice', notice: { type: 'session', session: view({ repId: 'rep_0002abcd' }) }, receivedAt: 0 });
    expect(after.sessions).toEqual([]);
    expect(after.selectedId).toBeNull();
  });

  it('drops a held session, and does not pick one up that is held', () => {
    expect(consoleReducer(serving, { type: 'notice', notice: { type: 'session', session: view({ state: 'held', repId: null }) }, receivedAt: 0 }).sessions).toEqual([]);
    const fresh = consoleReducer(initialConsoleState, { type: 'welcome', repId: ME });
    expect(consoleReducer(fresh, { type: 'session', session: view({ state: 'held', repId: null }) }).sessions).toEqual([]);
  });

  it('keeps a session handed to this representative', () => {
    const fresh = consoleReducer(initialConsoleState, { type: 'welcome', repId: ME });
    const after = consoleReducer(fresh, { type: 'notice', notice: { type: 'session', session: view({}), messages: [] }, receivedAt: 0 });
    expect(after.sessions.map((s) => s.session.id)).toEqual(['sess_aaaa0001']);
  });
});
