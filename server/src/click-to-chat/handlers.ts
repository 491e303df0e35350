import { ProtocolError } from '@rs/protocol';
import type { HandlerTable } from '../live/handlers.ts';
import type { Actor } from '../sessions/service.ts';

function repOf(actor: Actor) {
  if (actor.role !== 'rep') throw new ProtocolError('forbidden', 'representatives only');
  return actor.rep;
}

/** Live requests of click-to-chat: notices and nudges. */
export const clickToChatHandlers: HandlerTable<'notice.send' | 'notice.leave' | 'chat.nudge'> = {
  'notice.send': {
    roles: ['rep'],
    handle: async (actor, req, { clickToChat }) => {
      await clickToChat.sendNotice(repOf(actor), req.sessionId, req.noticeId);
      return {};
    },
  },
  'notice.leave': {
    roles: ['customer'],
    handle: async (actor, req, { clickToChat }) => {
      if (actor.role !== 'customer' || actor.sessionId !== req.sessionId) throw new ProtocolError('not_found', 'no such session');
      return { session: await clickToChat.leaveViaNotice(req.sessionId) };
    },
  },
  'chat.nudge': {
    roles: ['rep'],
    handle: async (actor, req, { clickToChat }) => {
      await clickToChat.nudge(repOf(actor), req.sessionId);
      return {};
    },
  },
};
