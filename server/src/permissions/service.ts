import { ProtocolError, type PermissionKind, type PermissionView, type ServerMessage } from '@rs/protocol';
import type { PermissionRecord, SessionRecord, Store } from '../store/store.ts';
import type { Hub } from '../live/hub.ts';
import { afterCommit } from '../store/after-commit.ts';
import { heldBy, type Asker } from './binding.ts';
import { audit } from '../observability/audit.ts';

export type PermissionActor = PermissionRecord['by'];

const KIND_NAMES: Record<PermissionKind, string> = { view: 'view the screen', control: 'control the desktop', files: 'transfer files' };

/** What a revocation changed, for the caller's notices (sent after the commit). */
type Revoked = { session: SessionRecord; revoked: PermissionKind[]; changed: boolean };

/**
 * Permissions as server state: what the representative may do in a session,
 * granted or revoked by whom and when, and to which representative. Consent
 * belongs to the representative who asked: `check` holds only while that one
 * still holds the session (same assignment, session active), so a stale grant
 * is refused at once whatever the order of events, and `revokeStale` writes
 * the revocation down when the session changes hands. Every change is one
 * transaction (permission + audit event) and the `permissions` notice goes to
 * both parties after it commits.
 */
export class Permissions {
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #now: () => number;

  constructor(store: Store, hub: Hub, now: () => number = Date.now) {
    this.#store = store;
    this.#hub = hub;
    this.#now = now;
  }

  /** Every permission of the session that was ever asked for. */
  async list(sessionId: string): Promise<PermissionView[]> {
    return (await this.#store.permissions(sessionId)).map(({ kind, state, by, at, repName }) => ({ kind, state, by, at, repName: repName ?? null }));
  }

  /** True only while `kind` is granted to the representative who holds the active session now. */
  async check(sessionId: string, kind: PermissionKind): Promise<boolean> {
    const session = await this.#store.session(sessionId);
    if (!session) return false;
    return (await this.#store.permissions(sessionId)).some((p) => p.kind === kind && p.state === 'granted' && heldBy(p, session));
  }

  /** Throws `forbidden` unless `kind` is granted to the session's current representative. */
  async require(sessionId: string, kind: PermissionKind): Promise<void> {
    if (!(await this.check(sessionId, kind))) throw new ProtocolError('forbidden', `the customer has not allowed the representative to ${KIND_NAMES[kind]}`);
  }

  /** The rep asks; the customer sees the question with their name. Control rides on an active screen share. */
  async ask(sessionId: string, kind: PermissionKind, rep: Asker): Promise<void> {
    if (await this.check(sessionId, kind)) throw new ProtocolError('invalid_state', `already allowed to ${KIND_NAMES[kind]}`);
    if (kind === 'control' && !(await this.check(sessionId, 'view'))) {
      throw new ProtocolError('forbidden', 'the customer is not sharing their screen');
    }
    await this.#set(sessionId, kind, 'asked', 'rep', rep);
  }

  /** The customer's answer to an open question of the representative who holds the session now. */
  async answer(sessionId: string, kind: PermissionKind, allow: boolean): Promise<void> {
    const session = await this.#store.session(sessionId);
    const asked = (await this.#store.permissions(sessionId)).find((p) => p.kind === kind);
    // A question of a representative who has left is withdrawn, even before its revocation is written.
    if (!session || asked?.state !== 'asked' || !heldBy(asked, session)) throw new ProtocolError('invalid_state', 'the representative has not asked for this');
    await this.#set(sessionId, kind, allow ? 'granted' : 'refused', 'customer', { id: asked.repId!, displayName: asked.repName ?? '' }, asked);
  }

  /** Grants `kind` to the session's current representative (the customer sent a file; control given at Elevate). */
  async grant(sessionId: string, kind: PermissionKind, by: PermissionActor): Promise<void> {
    const session = await this.#store.session(sessionId);
    if (!session?.repId || session.state !== 'active') throw new ProtocolError('invalid_state', 'no representative holds the session');
    const rep = await this.#store.repById(session.repId);
    await this.#set(sessionId, kind, 'granted', by, { id: session.repId, displayName: rep?.displayName ?? '' });
  }

  /** Takes a permission back; returns false when it was not granted. Always accepted from the customer. */
  async revoke(sessionId: string, kind: PermissionKind, by: PermissionActor): Promise<boolean> {
    const current = (await this.#store.permissions(sessionId)).find((p) => p.kind === kind);
    if (current?.state !== 'granted') return false;
    const at = this.#now();
    const done = await this.#store.transaction(async () => {
      if (!(await this.#store.consent.updatePermission({ ...current, state: 'revoked', by, at }, current))) return false;
      await this.#store.appendEvent(sessionId, 'permission.revoked', at, { kind, by });
      return true;
    });
    if (done) {
      audit('permission.revoked', { sessionId, kind, by, repId: current.repId });
      await this.#publish(sessionId);
    }
    return done;
  }

  /** Revokes every granted permission (and withdraws open questions) at once; returns what was revoked. */
  async revokeAll(sessionId: string, by: PermissionActor): Promise<PermissionKind[]> {
    const { revoked, changed } = await this.#revokeWhere(sessionId, by, () => true, {});
    for (const kind of revoked) audit('permission.revoked', { sessionId, kind, by });
    if (changed) await this.#publish(sessionId);
    return revoked;
  }

  /**
   * After the session changed hands or ended: every grant and open question
   * not held by its current representative is revoked (by `system`). Safe to
   * run on every node for every change: only the writer that changes a row
   * tells the parties, the previous representative included.
   */
  async revokeStale(sessionId: string, previousRepId: string | null): Promise<void> {
    const { session, revoked, changed } = await this.#revokeWhere(sessionId, 'system', (p, s) => !heldBy(p, s), { reason: 'rep_changed' });
    for (const kind of revoked) audit('permission.revoked', { sessionId, kind, by: 'system', reason: 'rep_changed' });
    if (!changed) return;
    const notice: ServerMessage = { type: 'permissions', sessionId, permissions: await this.list(sessionId) };
    this.fanOut(session, notice, previousRepId);
    if (!revoked.includes('view')) return;
    const reason = session.state === 'closed' ? 'session_ended' : 'rep_changed';
    this.fanOut(session, { type: 'share', sessionId, sharing: false, surface: null, reason, at: this.#now() }, previousRepId);
  }

  async #revokeWhere(
    sessionId: string,
    by: PermissionActor,
    stale: (p: PermissionRecord, s: SessionRecord) => boolean,
    data: Record<string, unknown>,
  ): Promise<Revoked> {
    const at = this.#now();
    return this.#store.transaction(async () => {
      const session = await this.#store.session(sessionId);
      if (!session) throw new ProtocolError('not_found', 'no such session');
      const revoked: PermissionKind[] = [];
      let changed = false;
      for (const p of await this.#store.permissions(sessionId)) {
        if ((p.state !== 'granted' && p.state !== 'asked') || !stale(p, session)) continue;
        const state = p.state === 'granted' ? 'revoked' : 'refused';
        if (!(await this.#store.consent.updatePermission({ ...p, state, by, at }, p))) continue;
        changed = true;
        if (state === 'revoked') revoked.push(p.kind);
      }
      if (changed) await this.#store.appendEvent(sessionId, 'permissions.revoked_all', at, { by, revoked, ...data });
      return { session, revoked, changed };
    });
  }

  async #set(sessionId: string, kind: PermissionKind, state: PermissionRecord['state'], by: PermissionActor, rep: Asker, expected?: PermissionRecord): Promise<void> {
    const at = this.#now();
    const record: PermissionRecord = { sessionId, kind, state, by, at, repId: rep.id, repName: rep.displayName };
    await this.#store.transaction(async () => {
      if (!expected) await this.#store.setPermission(record);
      else if (!(await this.#store.consent.updatePermission(record, expected))) throw new ProtocolError('conflict', 'the permission changed meanwhile; try again');
      await this.#store.appendEvent(sessionId, `permission.${state}`, at, { kind, by, repId: rep.id });
    });
    audit(`permission.${state}`, { sessionId, kind, by, repId: rep.id });
    await this.#publish(sessionId);
  }

  async #publish(sessionId: string): Promise<void> {
    const session = await this.#store.session(sessionId);
    if (session) this.fanOut(session, { type: 'permissions', sessionId, permissions: await this.list(sessionId) });
  }

  /** Sends a notice to both parties of a session (and to the representative who just left it, when given), once the transaction it was sent in committed. */
  fanOut(session: SessionRecord, message: Parameters<Hub['toCustomer']>[1], previousRepId: string | null = null): void {
    afterCommit(() => {
      this.#hub.toCustomer(session.id, message);
      if (session.repId) this.#hub.toRep(session.repId, message);
      if (previousRepId && previousRepId !== session.repId) this.#hub.toRep(previousRepId, message);
    });
  }
}
