import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../store/store.ts';
import type { SessionRoute } from '../store/workflow-store.ts';
import { mayTake, queueFor } from './routing.ts';

const s = (id: string, queuedAt: number, state: SessionRecord['state'] = 'queued'): SessionRecord => ({
  id, state, customerName: id, customerTokenHash: id, repId: null, createdAt: 0, queuedAt, acceptedAt: null, endedAt: null, endReason: null,
});
const route = (sessionId: string, over: Partial<SessionRoute>): SessionRoute => ({ sessionId, incident: null, personalRepId: null, teamId: null, ...over });
const teams = [{ id: 'team-a', name: 'A', memberIds: ['rep-1'] }];

describe('queueFor', () => {
  const waiting = [s('general', 3), s('mine', 2), s('theirs', 1), s('team', 4), s('held', 5, 'held')];
  const routes = new Map([
    ['mine', route('mine', { personalRepId: 'rep-1', incident: 'INC-1' })],
    ['theirs', route('theirs', { personalRepId: 'rep-2' })],
    ['team', route('team', { teamId: 'team-a' })],
  ]);

  it('shows a rep the general queue, their personal queue and their teams, oldest first', () => {
    const entries = queueFor(waiting, routes, teams, 'rep-1');
    expect(entries.map((e) => [e.sessionId, e.queue])).toEqual([['mine', 'personal'], ['general', 'general'], ['team', 'team'], ['held', 'general']]);
    expect(entries[0]?.incident).toBe('INC-1');
    expect(entries.find((e) => e.sessionId === 'held')?.held).toBe(true);
  });

  it('hides other reps\' personal queues and teams the rep is not in', () => {
    expect(queueFor(waiting, routes, teams, 'rep-2').map((e) => e.sessionId)).toEqual(['theirs', 'general', 'held']);
    expect(queueFor(waiting, routes, teams).length).toBe(5);
  });

  it('lets only the owner or a team member take a routed session', () => {
    expect(mayTake(routes.get('mine')!, teams, 'rep-1')).toBe(true);
    expect(mayTake(routes.get('mine')!, teams, 'rep-2')).toBe(false);
    expect(mayTake(routes.get('team')!, teams, 'rep-2')).toBe(false);
    expect(mayTake(null, teams, 'rep-2')).toBe(true);
  });
});
