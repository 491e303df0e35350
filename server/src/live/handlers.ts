import { ProtocolError, type ClientRequest, type ClientRequestType, type Reply } from '@rs/protocol';
import type { Actor } from '../sessions/service.ts';
import type { Services } from '../services.ts';
import { screenHandlers } from '../screen/handlers.ts';
import { clickToChatHandlers } from '../click-to-chat/handlers.ts';
import { elevationHandlers } from '../elevation/handlers.ts';
import { workflowHandlers } from '../workflow/handlers.ts';
import { fileHandlers } from '../files/handlers.ts';

type RequestOf<T extends ClientRequestType> = Extract<ClientRequest, { type: T }>;
type Result = Omit<Reply, 'type' | 'id'>;

export interface Handler<T extends ClientRequestType> {
  /** Which side may send this request. */
  roles: readonly Actor['role'][];
  handle(actor: Actor, request: RequestOf<T>, services: Services): Promise<Result>;
}

/** Handlers for a feature's request types; features export one and `handlers` below spreads them. */
export type HandlerTable<T extends ClientRequestType> = { [K in T]: Handler<K> };

const sessionHandlers: HandlerTable<'chat.send' | 'chat.history' | 'session.accept' | 'session.end' | 'session.leave'> = {
  'chat.send': {
    roles: ['rep', 'customer'],
    handle: async (actor, req, { sessions }) => ({ message: await sessions.post(actor, req.sessionId, req.text) }),
  },
  'chat.history': {
    roles: ['rep', 'customer'],
    handle: async (actor, req, { sessions }) => sessions.historyFor(actor, req.sessionId, req.beforeSeq, req.limit),
  },
  'session.accept': {
    roles: ['rep'],
    handle: async (actor, req, { sessions }) => ({ session: await sessions.accept(repOf(actor), req.sessionId) }),
  },
  'session.end': {
    roles: ['rep'],
    handle: async (actor, req, { sessions }) => ({
      session: req.mode === 'hold' ? await sessions.hold(repOf(actor), req.sessionId) : await sessions.closeByRep(repOf(actor), req.sessionId),
    }),
  },
  'session.leave': {
    roles: ['customer'],
    handle: async (actor, req, { sessions }) => {
      if (actor.role !== 'customer' || actor.sessionId !== req.sessionId) throw new ProtocolError('not_found', 'no such session');
      return { session: await sessions.leave(req.sessionId) };
    },
  },
};

function repOf(actor: Actor) {
  if (actor.role !== 'rep') throw new ProtocolError('forbidden', 'representatives only');
  return actor.rep;
}

/** One handler per request type; the gateway looks them up instead of switching. */
export const handlers: HandlerTable<ClientRequestType> = {
  ...sessionHandlers,
  ...screenHandlers,
  ...clickToChatHandlers,
  ...elevationHandlers,
  ...workflowHandlers,
  ...fileHandlers,
};

export async function dispatch(actor: Actor, request: ClientRequest, services: Services): Promise<Result> {
  const handler = handlers[request.type] as Handler<typeof request.type>;
  if (!handler.roles.includes(actor.role)) throw new ProtocolError('forbidden', `${request.type} is not allowed for a ${actor.role}`);
  return handler.handle(actor, request as never, services);
}
