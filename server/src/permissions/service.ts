import { ProtocolError, type PermissionKind, type PermissionView } from '@rs/protocol';
import type { PermissionRecord, SessionRecord, Store } from '../store/store.ts';
import type { Hub } from '../live/hub.ts';
import { afterCommit } from '../store/after-commit.ts';

export type PermissionActor = PermissionRecord['by'];

const KIND_NAMES: Record<PermissionKind, string> = { view: 'view the screen', control: 'control the desktop', files: 'transfer files' };

/**
 * Permissions as server state: what the representative may do in a session,
 * granted or revoked by whom and when. Every change is persisted, written to
 * the session's audit log and pushed to both parties as a `permissions`
 * notice. Features that need a permission call `require` before acting, so a
 * revoked permission is refused here, not merely hidden in a UI.
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
    return (await this.#store.permissions(sessionId)).map(({ kind, state, by, at }) => ({ kind, state, by, at }));
  }

  /** True only while `kind` is granted and the session is open. */
  async check(sessionId: string, kind: PermissionKind): Promise<boolean> {
    const session = await this.#store.session(sessionId);
    if (!session || session.state === 'closed') return false;
    return (await this.#store.permissions(sessionId)).some((p) => p.kind === kind && p.state === 'granted');
  }

  /** Throws `forbidden` unless `kind` is granted in an open session. */
  async require(sessionId: string, kind: PermissionKind): Promise<void> {
    if (!(await this.check(sessionId, kind))) throw new ProtocolError('forbidden', `the customer has not allowed the representative to ${KIND_NAMES[kind]}`);
  }

  /** The rep asks; the customer sees the question. Control rides on an active screen share. */
  async ask(sessionId: string, kind: PermissionKind): Promise<void> {
    const current = await this.#state(sessionId, kind);
    if (current === 'granted') throw new ProtocolError('invalid_state', `already allowed to ${KIND_NAMES[kind]}`);
    if (kind === 'control' && !(await this.check(sessionId, 'view'))) {
      throw new ProtocolError('forbidden', 'the customer is not sharing their screen');
    }
    await this.#set(sessionId, kind, 'asked', 'rep');
  }

  /** The customer's answer to an open question. */
  async answer(sessionId: string, kind: PermissionKind, allow: boolean): Promise<void> {
    if ((await this.#state(sessionId, kind)) !== 'asked') throw new ProtocolError('invalid_state', 'the representative has not asked for this');
    await this.#set(sessionId, kind, allow ? 'granted' : 'refused', 'customer');
  }

  async grant(sessionId: string, kind: PermissionKind, by: PermissionActor): Promise<void> {
    await this.#set(sessionId, kind, 'granted', by);
  }

  /** Takes a permission back; returns false when it was not granted. */
  async revoke(sessionId: string, kind: PermissionKind, by: PermissionActor): Promise<boolean> {
    if ((await this.#state(sessionId, kind)) !== 'granted') return false;
    await this.#set(sessionId, kind, 'revoked', by);
    return true;
  }

  /** Revokes every granted permission (and withdraws open questions) at once; returns what was revoked. */
  async revokeAll(sessionId: string, by: PermissionActor): Promise<PermissionKind[]> {
    const revoked: PermissionKind[] = [];
    const at = this.#now();
    for (const p of await this.#store.permissions(sessionId)) {
      if (p.state !== 'granted' && p.state !== 'asked') continue;
      const state = p.state === 'granted' ? 'revoked' : 'refused';
      await this.#store.setPermission({ sessionId, kind: p.kind, state, by, at });
      if (state === 'revoked') revoked.push(p.kind);
    }
    await this.#store.appendEvent(sessionId, 'permissions.revoked_all', at, { by, revoked });
    await this.#publish(sessionId);
    return revoked;
  }

  async #state(sessionId: string, kind: PermissionKind) {
    return (await this.#store.permissions(sessionId)).find((p) => p.kind === kind)?.state ?? null;
  }

  async #set(sessionId: string, kind: PermissionKind, state: PermissionRecord['state'], by: PermissionActor): Promise<void> {
    const at = this.#now();
    await this.#store.setPermission({ sessionId, kind, state, by, at });
    await this.#store.appendEvent(sessionId, `permission.${state}`, at, { kind, by });
    await this.#publish(sessionId);
  }

  async #publish(sessionId: string): Promise<void> {
    const session = await this.#store.session(sessionId);
    if (session) this.fanOut(session, { type: 'permissions', sessionId, permissions: await this.list(sessionId) });
  }

  /** Sends a notice to both parties of a session, once the transaction it was sent in (a session close) committed. */
  fanOut(session: SessionRecord, message: Parameters<Hub['toCustomer']>[1]): void {
    afterCommit(() => {
      this.#hub.toCustomer(session.id, message);
      if (session.repId) this.#hub.toRep(session.repId, message);
    });
  }
}
