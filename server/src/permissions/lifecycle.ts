import { AsyncResource } from 'node:async_hooks';
import { ProtocolError, type SessionChanged } from '@rs/protocol';
import type { Services } from '../services.ts';
import { onSessionChanged } from '../cluster/events.ts';
import { KeyedSerial } from '../store/sql.ts';
import { log } from '../observability/log.ts';

type Consent = Pick<Services, 'bus' | 'permissions' | 'elevation'>;

/** A lost race (another node wrote the same revocation first) is not a failure. */
const quiet = (what: string) => (err: unknown) => {
  if (!(err instanceof ProtocolError && (err.code === 'conflict' || err.code === 'not_found'))) log.error({ err }, `consent: ${what} failed`);
};

/**
 * Consent follows the representative: on every session change (hold,
 * transfer, takeover, close; from any node) the grants, open questions and
 * elevation of whoever no longer holds the session are revoked, written down
 * and told to both parties and the representative who left. Readers never
 * wait for this (`heldBy` already refuses a stale grant); it makes the
 * revocation visible and stops the customer's share and helper. Changes of
 * one session are handled in order. Returns the unsubscribe function.
 */
export function followRepChanges({ bus, permissions, elevation }: Consent): Promise<() => Promise<void>> {
  const serial = new KeyedSerial();
  // Bound to this (start-up) context: the in-process bus delivers inside the publisher's call, and the
  // revocation must be its own transaction, never part of whatever transaction the publisher is in.
  return onSessionChanged(bus, AsyncResource.bind((event: SessionChanged) => {
    void serial
      .run(event.sessionId, async () => {
        await permissions.revokeStale(event.sessionId, event.previousRepId).catch(quiet('revoking stale grants'));
        await elevation.endStale(event.sessionId, event.previousRepId).catch(quiet('ending a stale elevation'));
      })
      .catch(quiet('following a session change'));
  }));
}

/**
 * On start, a grant whose live state this server cannot prove is taken back:
 * control in an active session whose customer is connected to no node (after a
 * restart, nobody has reported a helper yet), and every elevation Allow in
 * force. The representative asks again; the customer's extension, told so,
 * stops its helper.
 */
export async function failSafeOnStart({ store, hub, permissions, elevation }: Pick<Services, 'store' | 'hub' | 'permissions' | 'elevation'>): Promise<void> {
  for (const session of await store.sessionsInState('active')) {
    if (await hub.customerOnline(session.id)) continue;
    await permissions.revoke(session.id, 'control', 'system').catch(quiet('revoking control on start'));
  }
  await elevation.failSafe((sessionId) => hub.customerOnline(sessionId)).catch(quiet('revoking elevation on start'));
}
