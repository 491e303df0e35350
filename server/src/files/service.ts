import { formatFileSize, ProtocolError, sanitizeFileName, type FileRoute, type FileTransferView } from '@rs/protocol';
import type { Hub } from '../live/hub.ts';
import type { Permissions } from '../permissions/service.ts';
import { randomId } from '../auth/secrets.ts';
import type { SessionRecord, Store } from '../store/store.ts';
import type { Actor } from '../sessions/service.ts';
import { activeSessionOf } from '../sessions/party.ts';
import type { RelayStore } from './relay-store.ts';

export type Side = 'customer' | 'rep';
type Offer = { transferId: string; name: string; size: number; sha256: string };

/**
 * File transfers as server state (the control plane): offered, accepted,
 * declined, completed, failed or cancelled, with who and when. Each change goes to both
 * parties as a `file` notice and to the audit log; a completed transfer is a
 * transcript line. In memory, like elevation: a transfer never outlives its
 * session. The `files` permission is the customer's consent: their offer or
 * their acceptance grants it, STOP SHARING revokes it, and a transfer needs it.
 */
export class FileTransfers {
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #permissions: Permissions;
  readonly relay: RelayStore;
  readonly maxBytes: number;
  readonly #bySession = new Map<string, Map<string, FileTransferView>>();

  constructor(store: Store, hub: Hub, permissions: Permissions, relay: RelayStore, maxBytes: number) {
    this.#store = store;
    this.#hub = hub;
    this.#permissions = permissions;
    this.relay = relay;
    this.maxBytes = maxBytes;
  }

  async offer(actor: Actor, sessionId: string, offer: Offer): Promise<FileTransferView> {
    const { session, side } = await this.#party(actor, sessionId);
    if (offer.size > this.maxBytes) throw new ProtocolError('too_large', `files may be at most ${formatFileSize(this.maxBytes)}`);
    const transfers = this.#transfers(sessionId);
    if (transfers.has(offer.transferId)) throw new ProtocolError('conflict', 'that transfer id is taken');
    // The customer offering a file is their consent to move files in this session.
    if (side === 'customer') await this.#permissions.grant(sessionId, 'files', 'customer');
    const senderName = actor.role === 'rep' ? actor.rep.displayName : session.customerName;
    const view: FileTransferView = {
      id: offer.transferId,
      from: side,
      senderName,
      name: sanitizeFileName(offer.name),
      size: offer.size,
      sha256: offer.sha256,
      state: 'offered',
      route: null,
      relayReady: false,
      by: side,
      at: Date.now(),
      error: null,
    };
    transfers.set(view.id, view);
    await this.#publish(session, view, 'file.offered');
    return view;
  }

  async answer(actor: Actor, sessionId: string, transferId: string, accept: boolean): Promise<void> {
    const { session, side } = await this.#party(actor, sessionId);
    const view = this.#get(sessionId, transferId);
    if (view.from === side) throw new ProtocolError('forbidden', 'only the receiver answers an offer');
    if (view.state !== 'offered') throw new ProtocolError('invalid_state', `the transfer is ${view.state}`);
    if (accept) {
      // Accepting a file from the representative is the customer's consent; the representative needs it already.
      if (side === 'customer') await this.#permissions.grant(sessionId, 'files', 'customer');
      else await this.#permissions.require(sessionId, 'files');
    }
    await this.#update(session, view, { state: accept ? 'accepted' : 'declined', by: side }, accept ? 'file.accepted' : 'file.declined');
  }

  async report(actor: Actor, sessionId: string, transferId: string, outcome: 'completed' | 'failed', route: FileRoute, error?: string): Promise<void> {
    const { session, side } = await this.#party(actor, sessionId);
    const view = this.#get(sessionId, transferId);
    if (view.state !== 'accepted') throw new ProtocolError('invalid_state', `the transfer is ${view.state}`);
    if (outcome === 'completed') {
      if (view.from === side) throw new ProtocolError('forbidden', 'only the receiver confirms a transfer, after its checksum');
      if (!(await this.#permissions.check(sessionId, 'files'))) {
        await this.fail(session, view, 'the customer took back the file transfer permission');
        throw new ProtocolError('forbidden', 'the customer took back the file transfer permission');
      }
      await this.#update(session, view, { state: 'completed', route, by: side }, 'file.completed');
      await this.relay.remove(view.id);
      const text = `${view.senderName} sent ${view.name} (${formatFileSize(view.size)}).`;
      const message = await this.#store.appendMessage({ id: randomId(), sessionId, author: 'system', authorName: 'System', text, at: Date.now() });
      this.#fanOut(session, { type: 'chat', message });
    } else {
      await this.#update(session, view, { state: 'failed', route, by: side, error: error ?? 'the transfer failed' }, 'file.failed');
      await this.relay.remove(view.id);
    }
  }

  /** Cancel, by either party, while the transfer is offered or moving: both sides stop, the relay forgets it. */
  async cancel(actor: Actor, sessionId: string, transferId: string): Promise<void> {
    const { session, side } = await this.#party(actor, sessionId);
    const view = this.#get(sessionId, transferId);
    if (view.state !== 'offered' && view.state !== 'accepted') throw new ProtocolError('invalid_state', `the transfer is ${view.state}`);
    await this.#update(session, view, { state: 'cancelled', by: side }, 'file.cancelled');
    await this.relay.remove(view.id);
  }

  /** For the relay routes: an accepted transfer, and which side the caller is on it. */
  async relayAccess(session: SessionRecord, transferId: string, side: Side, want: 'sender' | 'receiver'): Promise<FileTransferView> {
    const view = this.#get(session.id, transferId);
    if ((view.from === side) !== (want === 'sender')) throw new ProtocolError('forbidden', `only the ${want} may do that`);
    if (view.state !== 'accepted') throw new ProtocolError('invalid_state', `the transfer is ${view.state}`);
    if (!(await this.#permissions.check(session.id, 'files'))) {
      await this.fail(session, view, 'the customer took back the file transfer permission');
      throw new ProtocolError('forbidden', 'the customer has not allowed file transfer');
    }
    return view;
  }

  /** The sender put the last relay chunk: the receiver may download. */
  async relayUploaded(session: SessionRecord, view: FileTransferView): Promise<void> {
    await this.#update(session, view, { route: 'relay', relayReady: true, by: view.from }, 'file.relayed');
  }

  async fail(session: SessionRecord, view: FileTransferView, error: string): Promise<void> {
    if (view.state !== 'offered' && view.state !== 'accepted') return;
    await this.#update(session, view, { state: 'failed', by: 'system', error }, 'file.failed');
    await this.relay.remove(view.id);
  }

  /** The session ended: open transfers fail, relayed files are deleted. */
  async onSessionClosed(session: SessionRecord): Promise<void> {
    for (const view of this.#bySession.get(session.id)?.values() ?? []) await this.fail(session, view, 'the session ended');
    this.#bySession.delete(session.id);
    this.relay.forgetSession(session.id);
  }

  list(sessionId: string): FileTransferView[] {
    return [...(this.#bySession.get(sessionId)?.values() ?? [])];
  }

  async #party(actor: Actor, sessionId: string): Promise<{ session: SessionRecord; side: Side }> {
    return { session: await activeSessionOf(this.#store, actor, sessionId), side: actor.role };
  }

  #transfers(sessionId: string): Map<string, FileTransferView> {
    let map = this.#bySession.get(sessionId);
    if (!map) this.#bySession.set(sessionId, (map = new Map()));
    return map;
  }

  #get(sessionId: string, transferId: string): FileTransferView {
    const view = this.#bySession.get(sessionId)?.get(transferId);
    if (!view) throw new ProtocolError('not_found', 'no such transfer');
    return view;
  }

  async #update(session: SessionRecord, view: FileTransferView, change: Partial<FileTransferView>, event: string): Promise<void> {
    Object.assign(view, change, { at: Date.now() });
    await this.#publish(session, view, event);
  }

  async #publish(session: SessionRecord, view: FileTransferView, event: string): Promise<void> {
    await this.#store.appendEvent(session.id, event, view.at, { transferId: view.id, name: view.name, size: view.size, by: view.by, route: view.route, error: view.error });
    this.#fanOut(session, { type: 'file', sessionId: session.id, transfer: { ...view } });
  }

  #fanOut(session: SessionRecord, message: Parameters<Hub['toCustomer']>[1]): void {
    this.#hub.toCustomer(session.id, message);
    if (session.repId) this.#hub.toRep(session.repId, message);
  }
}
