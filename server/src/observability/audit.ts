import { log } from './log.ts';

/**
 * Security events, each one log line with a stable `audit` field (the event's name below; names are
 * append-only, documented in docs/PRODUCTION.md) so a log pipeline can route them apart from the rest.
 * Fields name who and from where (rep ids, usernames, addresses, session ids), never a password or token.
 */
export type AuditEvent =
  | 'sign_in.succeeded'
  | 'sign_in.failed'
  | 'sign_in.throttled'
  | 'sign_out'
  | 'api_token.used'
  | 'api_token.refused'
  | 'api_token.created'
  | 'api_token.revoked'
  /** A permission's new state (view, control, files), with who changed it: `by` customer, rep or system. */
  | 'permission.asked'
  | 'permission.granted'
  | 'permission.refused'
  | 'permission.revoked'
  /** Elevation's new `state` (requested, allowed, refused, installed, connected, revoked, ended). */
  | 'elevation.changed'
  | 'admin.changed';

export function audit(event: AuditEvent, fields: Record<string, unknown>, msg: string = event): void {
  // A failed or throttled sign-in and a refused token are worth a look; the rest is the record of what happened.
  const level = event === 'sign_in.failed' || event === 'sign_in.throttled' || event === 'api_token.refused' ? 'warn' : 'info';
  log[level]({ audit: event, ...fields }, msg);
}
