import { ProtocolError, extensionOrigin, isFirefoxExtensionOrigin, type ExtensionIdentity } from '@rs/protocol';
import type { Actor } from '../sessions/service.ts';

/**
 * A customer connection is the full client only when the browser stamped the
 * customer extension's origin on it: one of its configured Chromium origins,
 * or a Firefox extension page (whose per-install origin cannot be named; the
 * helper's Firefox manifest then admits only the configured gecko id). The
 * web chat (the server's own origin) has no helper: it may refuse an Elevate
 * request, but only the full client may allow one or report a helper.
 */
export function withClientKind(actor: Actor, origin: string | undefined, identity: ExtensionIdentity): Actor {
  if (actor.role !== 'customer') return actor;
  const fullClient = origin !== undefined && (identity.customerIds.some((id) => origin === extensionOrigin(id)) || isFirefoxExtensionOrigin(origin));
  return { ...actor, fullClient };
}

export function requireFullClient(actor: Actor, what: string): void {
  if (actor.role !== 'customer' || actor.fullClient !== true) throw new ProtocolError('forbidden', `${what} needs the support extension`);
}
