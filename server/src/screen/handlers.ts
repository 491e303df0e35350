import { ProtocolError } from '@rs/protocol';
import type { HandlerTable } from '../live/handlers.ts';
import type { Services } from '../services.ts';
import { activeSessionOf } from '../sessions/party.ts';
import type { SessionRecord } from '../store/store.ts';

/**
 * Control is asked once, at Elevate (as BeyondTrust does): the customer's
 * Allow there covers the representative's mouse and keyboard. So a control
 * request while the helper is connected is granted here, recorded as the
 * customer's grant at elevation, and only while the screen is shared (view
 * granted). Without a connected helper it stays a question to the customer.
 * The helper counts only when the customer allowed it to this same
 * representative (`Elevation.connectedFor`).
 */
async function grantControlAtElevation(sessionId: string, services: Services): Promise<void> {
  if (!(await services.permissions.check(sessionId, 'view'))) throw new ProtocolError('forbidden', 'the customer is not sharing their screen');
  if (await services.permissions.check(sessionId, 'control')) throw new ProtocolError('invalid_state', 'already allowed to control the desktop');
  await services.store.appendEvent(sessionId, 'control.granted_at_elevation', Date.now(), { by: 'customer' });
  await services.permissions.grant(sessionId, 'control', 'customer');
}

/**
 * Screen sharing over the live socket: the rep asks for a permission, the
 * customer answers, then reports what it shares; STOP SHARING takes back
 * every permission at once. The media itself goes peer to peer.
 */
export const screenHandlers: HandlerTable<'permission.request' | 'permission.answer' | 'share.started' | 'share.stop'> = {
  'permission.request': {
    roles: ['rep'],
    handle: async (actor, req, services) => {
      const session = await activeSessionOf(services.store, actor, req.sessionId);
      if (actor.role !== 'rep') throw new ProtocolError('forbidden', 'representatives only');
      // Only a helper this representative was allowed: after a rep change the customer's Allow is asked again.
      if (req.permission === 'control' && (await services.elevation.connectedFor(session))) {
        await grantControlAtElevation(req.sessionId, services);
        return {};
      }
      await services.permissions.ask(req.sessionId, req.permission, actor.rep);
      return {};
    },
  },
  'permission.answer': {
    roles: ['customer'],
    handle: async (actor, req, services) => {
      await activeSessionOf(services.store, actor, req.sessionId);
      await services.permissions.answer(req.sessionId, req.permission, req.allow);
      return {};
    },
  },
  'share.started': {
    roles: ['customer'],
    handle: async (actor, req, services) => {
      const session = await activeSessionOf(services.store, actor, req.sessionId);
      await services.permissions.require(req.sessionId, 'view');
      const at = Date.now();
      await services.store.appendEvent(session.id, 'share.started', at, { surface: req.surface });
      services.permissions.fanOut(session, { type: 'share', sessionId: session.id, sharing: true, surface: req.surface, reason: null, at });
      return {};
    },
  },
  'share.stop': {
    roles: ['customer'],
    handle: async (actor, req, services) => {
      const session = await activeSessionOf(services.store, actor, req.sessionId);
      await services.permissions.revokeAll(session.id, 'customer');
      const at = Date.now();
      await services.store.appendEvent(session.id, 'share.stopped', at, { reason: req.reason });
      services.permissions.fanOut(session, { type: 'share', sessionId: session.id, sharing: false, surface: null, reason: req.reason, at });
      return {};
    },
  },
};

/** The end of a session takes back every permission, and tells both sides that sharing is over. */
export async function onSessionClosed(session: SessionRecord, services: Pick<Services, 'permissions'>): Promise<void> {
  const revoked = await services.permissions.revokeAll(session.id, 'system');
  if (revoked.length === 0) return;
  services.permissions.fanOut(session, { type: 'share', sessionId: session.id, sharing: false, surface: null, reason: 'session_ended', at: Date.now() });
}
