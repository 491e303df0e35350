import type { HandlerTable } from '../live/handlers.ts';

/** Live-socket requests of file transfer; spread into `handlers`. Either party may offer, answer (as receiver), report and cancel. */
export const fileHandlers: HandlerTable<'file.offer' | 'file.answer' | 'file.report' | 'file.cancel'> = {
  'file.offer': {
    roles: ['rep', 'customer'],
    handle: async (actor, req, { files }) => {
      await files.offer(actor, req.sessionId, { transferId: req.transferId, name: req.name, size: req.size, sha256: req.sha256 });
      return {};
    },
  },
  'file.answer': {
    roles: ['rep', 'customer'],
    handle: async (actor, req, { files }) => {
      await files.answer(actor, req.sessionId, req.transferId, req.accept);
      return {};
    },
  },
  'file.report': {
    roles: ['rep', 'customer'],
    handle: async (actor, req, { files }) => {
      await files.report(actor, req.sessionId, req.transferId, req.outcome, req.route, req.error);
      return {};
    },
  },
  'file.cancel': {
    roles: ['rep', 'customer'],
    handle: async (actor, req, { files }) => {
      await files.cancel(actor, req.sessionId, req.transferId);
      return {};
    },
  },
};
