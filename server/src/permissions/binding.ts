import type { SessionRecord } from '../store/store.ts';

/** The representative who asks (and, once the customer allows, holds) a permission or elevation. */
export type Asker = { id: string; displayName: string };

/**
 * True while consent given to `record.repId` at `record.at` still belongs to
 * whoever holds the session: the session is active, it is that
 * representative's, and the grant is from their current assignment (not from
 * before a hold or a transfer to a team that the same representative took
 * back). Every reader checks this, so a stale grant is refused at once, even
 * before its revocation is written.
 */
export function heldBy(record: { repId?: string | null; at: number }, session: SessionRecord): boolean {
  return session.state === 'active' && session.repId !== null && record.repId === session.repId && record.at >= (session.acceptedAt ?? 0);
}
