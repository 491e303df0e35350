import type { ServerMessage, SessionView } from '@rs/protocol';
import type { Services } from '../services.ts';

/**
 * What a party that (re)connects must know besides the session snapshot:
 * state that is otherwise only pushed as notices when it changes. Sent as
 * those same notices (one message shape each), right after the snapshot, so
 * a reloaded console or chat picks up where it was: the permissions (Control
 * granted or not) and the elevation state (helper connected, request pending).
 */
export async function resumeNotices(services: Pick<Services, 'permissions' | 'elevation'>, session: SessionView): Promise<ServerMessage[]> {
  if (session.state === 'closed') return [];
  const notices: ServerMessage[] = [];
  const permissions = await services.permissions.list(session.id);
  if (permissions.length > 0) notices.push({ type: 'permissions', sessionId: session.id, permissions });
  const elevation = await services.elevation.notice(session.id);
  if (elevation) notices.push(elevation);
  return notices;
}
