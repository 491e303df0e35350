import { ProtocolError } from '@rs/protocol';
import type { HandlerTable } from '../live/handlers.ts';
import { requireFullClient } from './client-kind.ts';

/** Live-socket requests of the elevation feature; spread into `handlers`. */
export const elevationHandlers: HandlerTable<'elevate.request' | 'elevate.answer' | 'elevate.report'> = {
  'elevate.request': {
    roles: ['rep'],
    handle: async (actor, req, { elevation }) => {
      if (actor.role !== 'rep') throw new ProtocolError('forbidden', 'representatives only');
      await elevation.request(actor.rep, req.sessionId);
      return {};
    },
  },
  'elevate.answer': {
    roles: ['customer'],
    handle: async (actor, req, { elevation }) => {
      if (actor.role !== 'customer' || actor.sessionId !== req.sessionId) throw new ProtocolError('not_found', 'no such session');
      // The web chat refuses here, but allows by handing the session to the extension, which answers.
      if (req.allow) requireFullClient(actor, 'allowing full control');
      await elevation.answer(req.sessionId, req.allow);
      return {};
    },
  },
  'elevate.report': {
    roles: ['customer'],
    handle: async (actor, req, { elevation, permissions }) => {
      if (actor.role !== 'customer' || actor.sessionId !== req.sessionId) throw new ProtocolError('not_found', 'no such session');
      requireFullClient(actor, 'reporting the helper');
      await elevation.report(req.sessionId, req.host);
      // The customer took back control (or the helper went): the representative's control goes with it.
      if (req.host === 'revoked' || req.host === 'ended') await permissions.revoke(req.sessionId, 'control', 'customer');
      return {};
    },
  },
};
