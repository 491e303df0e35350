import { CUSTOMER_EXTENSION, ProtocolError, extensionOrigin } from '@rs/protocol';
import type { Actor } from '../sessions/service.ts';

/**
 * A customer connection is the full client only when the browser stamped the
 * customer extension's origin on it. The web chat (the server's own origin)
 * has no helper: it may refuse an Elevate request, but only the full client
 * may allow one or report a helper.
 */
export function withClientKind(actor: Actor, origin: string | undefined): Actor {
  if (actor.role !== 'customer') return actor;
  return { ...actor, fullClient: origin === extensionOrigin(CUSTOMER_EXTENSION.id) };
}

export function requireFullClient(actor: Actor, what: string): void {
  if (actor.role !== 'customer' || actor.fullClient !== true) throw new ProtocolError('forbidden', `${what} needs the support extension`);
}
