import { ProtocolError, systemLine, type ElevationNotice, type ElevationState, type HostState } from '@rs/protocol';
import type { Hub } from '../live/hub.ts';
import { randomId } from '../auth/secrets.ts';
import type { RepRecord, SessionRecord, Store } from '../store/store.ts';
import type { ElevationRecord } from '../store/consent-store.ts';
import { heldBy } from '../permissions/binding.ts';
import { audit } from '../observability/audit.ts';

/** The transcript line each step leaves, so the session's record shows who asked, who allowed, and when. */
const TRANSCRIPT: Partial<Record<ElevationState, (repName: string) => string>> = {
  requested: (rep) => systemLine('elevation_requested', { name: rep }),
  allowed: () => systemLine('elevation_allowed'),
  refused: () => systemLine('elevation_refused'),
  connected: () => systemLine('elevation_connected'),
  revoked: () => systemLine('elevation_revoked'),
  ended: () => systemLine('elevation_ended'),
};

/** States in which the customer's Allow is in force (the helper may inject once control is granted too). */
const GRANTED: readonly ElevationState[] = ['allowed', 'installing', 'connected'];
/** States that end with the representative who asked: a rep change or a restart cannot leave them standing. */
const OPEN: readonly ElevationState[] = ['requested', ...GRANTED];

/**
 * Elevation state per session, in the store (one row per session): the
 * representative asks, the customer answers, the customer's extension reports
 * the native host. Every change is one transaction with its transcript line;
 * the notices go to both parties after the commit. Like a permission, the
 * customer's Allow belongs to the representative who asked: a rep change ends
 * it (`endStale`), and after a restart a grant nobody can vouch for is taken
 * back (`failSafe`). The customer's own revoke is always accepted.
 */
export class Elevation {
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #now: () => number;

  constructor(store: Store, hub: Hub, now: () => number = Date.now) {
    this.#store = store;
    this.#hub = hub;
    this.#now = now;
  }

  /** The session's elevation state, or null when nobody asked. */
  async state(sessionId: string): Promise<ElevationState | null> {
    return (await this.#store.consent.elevation(sessionId))?.state ?? null;
  }

  /** True while the helper is connected under an Allow given to the representative who holds the session now. */
  async connectedFor(session: SessionRecord): Promise<boolean> {
    const row = await this.#store.consent.elevation(session.id);
    return row?.state === 'connected' && heldBy({ repId: row.repId, at: row.since }, session);
  }

  /** The session's current state as the `elevation` notice the parties get on each change; for a (re)connecting party. */
  async notice(sessionId: string): Promise<ElevationNotice | null> {
    const row = await this.#store.consent.elevation(sessionId);
    // An ended elevation is over: nothing to resume.
    return row && row.state !== 'ended' ? { type: 'elevation', sessionId, state: row.state, repName: row.repName } : null;
  }

  async request(rep: RepRecord, sessionId: string): Promise<void> {
    const session = await this.#active(sessionId);
    if (session.repId !== rep.id) throw new ProtocolError('not_found', 'no such session among yours');
    const current = await this.#store.consent.elevation(sessionId);
    if (current && GRANTED.includes(current.state) && heldBy({ repId: current.repId, at: current.since }, session)) {
      throw new ProtocolError('invalid_state', `elevation is already ${current.state}`);
    }
    const now = this.#now();
    await this.#change(session, current, { sessionId, state: 'requested', repId: rep.id, repName: rep.displayName, since: now, at: now });
  }

  async answer(sessionId: string, allow: boolean): Promise<void> {
    const session = await this.#active(sessionId);
    const current = await this.#store.consent.elevation(sessionId);
    if (current?.state !== 'requested' || !heldBy({ repId: current.repId, at: current.since }, session)) {
      throw new ProtocolError('invalid_state', 'the representative has not asked for control');
    }
    await this.#change(session, current, { ...current, state: allow ? 'allowed' : 'refused', at: this.#now() });
  }

  /**
   * The customer's extension reports its helper. Taking control back, or the
   * helper going, is accepted in every state (even with no state at all after a
   * restart); the helper being installed or connected only under an Allow of
   * the representative who holds the session now.
   */
  async report(sessionId: string, host: HostState): Promise<void> {
    const session = await this.#store.session(sessionId);
    if (!session) throw new ProtocolError('not_found', 'no such session');
    const current = await this.#store.consent.elevation(sessionId);
    if (host === 'revoked' || host === 'ended') {
      if (!current || current.state === host || (host === 'revoked' && current.state === 'ended')) return;
      await this.#change(session, current, { ...current, state: host, at: this.#now() });
      return;
    }
    if (!current || !GRANTED.includes(current.state) || !heldBy({ repId: current.repId, at: current.since }, session)) {
      throw new ProtocolError('invalid_state', 'the customer has not allowed control');
    }
    await this.#change(session, current, { ...current, state: host, at: this.#now() });
  }

  /** After the session changed hands or ended: an open request or Allow of anyone but its current representative ends. */
  async endStale(sessionId: string, previousRepId: string | null): Promise<void> {
    const session = await this.#store.session(sessionId);
    const current = await this.#store.consent.elevation(sessionId);
    if (!session || !current || !OPEN.includes(current.state) || heldBy({ repId: current.repId, at: current.since }, session)) return;
    const line = systemLine(current.state === 'requested' ? 'elevation_withdrawn' : 'elevation_rep_changed', { name: current.repName });
    await this.#change(session, current, { ...current, state: current.state === 'requested' ? 'refused' : 'revoked', at: this.#now() }, line, previousRepId);
  }

  /**
   * On start: nobody has reported a helper to this process, so an Allow in
   * force cannot be proven (unless `proven` says its customer is connected); it is taken back (the representative asks again,
   * and the customer's extension, told so, stops its helper).
   */
  async failSafe(proven: (sessionId: string) => boolean | Promise<boolean> = () => false): Promise<void> {
    for (const row of await this.#store.consent.elevationsInStates(GRANTED)) {
      const session = await this.#store.session(row.sessionId);
      if (!session || (await proven(row.sessionId))) continue;
      await this.#change(session, row, { ...row, state: 'revoked', at: this.#now() }, systemLine('elevation_restarted', { name: row.repName }));
    }
  }

  async #active(sessionId: string): Promise<SessionRecord> {
    const session = await this.#store.session(sessionId);
    if (!session) throw new ProtocolError('not_found', 'no such session');
    if (session.state !== 'active') throw new ProtocolError('invalid_state', `the session is ${session.state}`);
    return session;
  }

  /** One transaction: the state (only if nobody changed it since it was read) and its transcript line; then the notices. */
  async #change(session: SessionRecord, current: ElevationRecord | null, next: ElevationRecord, text?: string, previousRepId: string | null = null): Promise<void> {
    const line = text ?? (current?.state !== next.state ? TRANSCRIPT[next.state]?.(next.repName) : undefined);
    const message = await this.#store.transaction(async () => {
      if (!(await this.#store.consent.setElevation(next, current))) throw new ProtocolError('conflict', 'elevation changed meanwhile; try again');
      return line ? this.#store.appendMessage({ id: randomId(), sessionId: session.id, author: 'system', authorName: 'System', text: line, at: this.#now() }) : null;
    });
    if (current?.state !== next.state) audit('elevation.changed', { sessionId: session.id, state: next.state, repId: next.repId, from: current?.state ?? null });
    this.#fanOut(session, { type: 'elevation', sessionId: session.id, state: next.state, repName: next.repName }, previousRepId);
    if (message) this.#fanOut(session, { type: 'chat', message }, previousRepId);
  }

  #fanOut(session: SessionRecord, message: Parameters<Hub['toCustomer']>[1], previousRepId: string | null): void {
    this.#hub.toCustomer(session.id, message);
    if (session.repId) this.#hub.toRep(session.repId, message);
    if (previousRepId && previousRepId !== session.repId) this.#hub.toRep(previousRepId, message);
  }
}
