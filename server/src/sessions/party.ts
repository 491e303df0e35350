import { ProtocolError } from '@rs/protocol';
import type { SessionRecord, Store } from '../store/store.ts';
import type { Actor } from './service.ts';

/** Whether the actor is one of the session's two parties: its customer, or the representative serving it. */
export function isParty(actor: Actor, session: SessionRecord): boolean {
  return actor.role === 'customer' ? actor.sessionId === session.id : session.repId === actor.rep.id;
}

/** The session, if the actor is one of its parties and it is being served (active); `not_found` or `invalid_state` otherwise. */
export async function activeSessionOf(store: Store, actor: Actor, sessionId: string): Promise<SessionRecord> {
  const session = await store.session(sessionId);
  if (!session || !isParty(actor, session)) throw new ProtocolError('not_found', 'no such session');
  if (session.state !== 'active') throw new ProtocolError('invalid_state', `the session is ${session.state}`);
  return session;
}
