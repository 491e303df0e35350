import type { PermissionView } from '@rs/protocol';
import type { LiveNotice } from './live.ts';

/**
 * Control revoked while the screen is still shared: the customer took control
 * back (their helper's "Take back control"). When the view went too, the
 * share ended; the `share` notice that follows says why.
 */
export function controlTakenBack(permissions: PermissionView[]): boolean {
  const state = (kind: PermissionView['kind']) => permissions.find((p) => p.kind === kind)?.state;
  return state('control') === 'revoked' && state('view') === 'granted';
}

/**
 * Whether a notice means the customer's helper must stop injecting at once:
 * control taken back, or the share stopped by the customer (STOP SHARING, the
 * browser's stop bar) or with the session. A share lost with the connection
 * (the representative's console reloaded or went away) is not the customer
 * taking control back: the server has revoked the representative's control
 * already, no input can arrive without a new share the customer allows, and
 * the grant the customer gave at Elevate goes on with that new share.
 * The server ending the Allow (the session changed hands, or it restarted and
 * cannot vouch for the helper) stops it too: the next representative asks again.
 */
export function stopsHelperInput(notice: LiveNotice, sessionId: string): boolean {
  if (notice.type === 'elevation') return notice.sessionId === sessionId && notice.state === 'revoked';
  if (notice.type === 'share') return notice.sessionId === sessionId && !notice.sharing && notice.reason !== 'connection_lost';
  if (notice.type === 'permissions') return notice.sessionId === sessionId && controlTakenBack(notice.permissions);
  return false;
}
