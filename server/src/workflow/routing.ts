import type { QueueEntry, Team } from '@rs/protocol';
import type { SessionRecord } from '../store/store.ts';
import type { SessionRoute } from '../store/workflow-store.ts';

/**
 * Which waiting sessions a representative sees, and in which queue: a keyed
 * session waits in the personal queue of the rep who generated the key; a
 * session transferred to a team waits in that team's queue (its members see
 * it); everything else is in the general queue that every rep sees. Held
 * sessions are back in their team (or the general) queue. With no rep given,
 * every waiting session is listed.
 */
export function queueFor(
  waiting: readonly SessionRecord[],
  routes: ReadonlyMap<string, SessionRoute>,
  teams: readonly Team[],
  repId?: string,
): QueueEntry[] {
  const memberOf = new Set(teams.filter((t) => repId !== undefined && t.memberIds.includes(repId)).map((t) => t.id));
  const entries: QueueEntry[] = [];
  for (const s of [...waiting].sort((a, b) => a.queuedAt - b.queuedAt || a.id.localeCompare(b.id))) {
    const route = routes.get(s.id);
    const queue = route?.personalRepId ? 'personal' : route?.teamId ? 'team' : 'general';
    if (repId !== undefined) {
      if (queue === 'personal' && route?.personalRepId !== repId) continue;
      if (queue === 'team' && !memberOf.has(route?.teamId ?? '')) continue;
    }
    entries.push({ sessionId: s.id, customerName: s.customerName, queuedAt: s.queuedAt, incident: route?.incident ?? null, queue, held: s.state === 'held' });
  }
  return entries;
}

/** Whether this rep may take the waiting session (the same rule as seeing it). */
export function mayTake(route: SessionRoute | null, teams: readonly Team[], repId: string): boolean {
  if (route?.personalRepId) return route.personalRepId === repId;
  if (route?.teamId) return teams.some((t) => t.id === route.teamId && t.memberIds.includes(repId));
  return true;
}
