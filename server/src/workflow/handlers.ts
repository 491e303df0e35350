import { ProtocolError } from '@rs/protocol';
import type { HandlerTable } from '../live/handlers.ts';

/** Live-socket requests of the representative workflow. */
export const workflowHandlers: HandlerTable<'session.transfer'> = {
  'session.transfer': {
    roles: ['rep'],
    handle: async (actor, req, { sessions }) => {
      if (actor.role !== 'rep') throw new ProtocolError('forbidden', 'representatives only');
      return { session: await sessions.transfer(actor.rep, req.sessionId, req.to) };
    },
  },
};
