import { formatFileSize, ProtocolError, systemLine, sanitizeFileName, type FileRoute, type FileState, type FileTransferView } from '@rs/protocol';
import type { Hub } from '../live/hub.ts';
import type { Permissions } from '../permissions/service.ts';
import { randomId } from '../auth/secrets.ts';
import type { SessionRecord, Store } from '../store/store.ts';
import type { FileTransferPatch, FileTransferRecord } from '../store/files-store.ts';
import { afterCommit } from '../store/after-commit.ts';
import type { Actor } from '../sessions/service.ts';
import { activeSessionOf } from '../sessions/party.ts';
import type { RelayStore } from './relay-store.ts';

export type Side = 'customer' | 'rep';
type Offer = { transferId: string; name: string; size: number; sha256: string };

const OPEN: readonly FileState[] = ['offered', 'accepted'];
const REVOKED = 'the customer took back the file transfer permission';

/** What both parties see of a stored transfer. */
export function viewOf(t: FileTransferRecord): FileTransferView {
  const { id, from, senderName, name, size, sha256, state, route, relayReady, by, at, error } = t;
  return { id, from, senderName, name, size, sha256, state, route, relayReady, by, at, error };
}

/**
 * File transfers as server state (the control plane): offered, accepted,
 * declined, completed, failed or cancelled, with who and when. The transfers
 * live in the store (`store.files`), so another node or a restarted one sees
 * the same; each change is one transaction (a conditional state change, its
 * audit event, a completed transfer's transcript line) and goes to both
 * parties as a `file` notice once it committed. The `files` permission is the
 * customer's consent: their offer or their acceptance grants it, STOP SHARING
 * revokes it, and a transfer needs it.
 */
export class FileTransfers {
  readonly #store: Store;
  readonly #hub: Hub;
  readonly #permissions: Permissions;
  readonly relay: RelayStore;
  readonly maxBytes: number;

  constructor(store: Store, hub: Hub, permissions: Permissions, relay: RelayStore, maxBytes: number) {
    this.#store = store;
    this.#hub = hub;
    this.#permissions = permissions;
    this.relay = relay;
    this.maxBytes = maxBytes;
  }

  offer(actor: Actor, sessionId: string, offer: Offer): Promise<FileTransferView> {
    return this.#store.transaction(async () => {
      const { session, side } = await this.#party(actor, sessionId);
      if (offer.size > this.maxBytes) throw new ProtocolError('too_large', `files may be at most ${formatFileSize(this.maxBytes)}`);
      if (await this.#store.files.transfer(offer.transferId)) throw new ProtocolError('conflict', 'that transfer id is taken');
      // The customer offering a file is their consent to move files in this session.
      if (side === 'customer') await this.#permissions.grant(sessionId, 'files', 'customer');
      const at = Date.now();
      const record: FileTransferRecord = {
        id: offer.transferId,
        sessionId,
        from: side,
        senderName: actor.role === 'rep' ? actor.rep.displayName : session.customerName,
        name: sanitizeFileName(offer.name),
        size: offer.size,
        sha256: offer.sha256,
        state: 'offered',
        route: null,
        relayReady: false,
        by: side,
        at,
        error: null,
        relaySeq: 0,
        relayBytes: 0,
        relaySent: 0,
        createdAt: at,
      };
      if (!(await this.#store.files.createTransfer(record))) throw new ProtocolError('conflict', 'that transfer id is taken');
      await this.#publish(session, record, 'file.offered');
      return viewOf(record);
    });
  }

  answer(actor: Actor, sessionId: string, transferId: string, accept: boolean): Promise<void> {
    return this.#store.transaction(async () => {
      const { session, side } = await this.#party(actor, sessionId);
      const t = await this.#get(sessionId, transferId);
      if (t.from === side) throw new ProtocolError('forbidden', 'only the receiver answers an offer');
      if (t.state !== 'offered') throw new ProtocolError('invalid_state', `the transfer is ${t.state}`);
      if (accept) {
        // Accepting a file from the representative is the customer's consent; the representative needs it already.
        if (side === 'customer') await this.#permissions.grant(sessionId, 'files', 'customer');
        else await this.#permissions.require(sessionId, 'files');
      }
      await this.#update(session, t, ['offered'], { state: accept ? 'accepted' : 'declined', by: side }, accept ? 'file.accepted' : 'file.declined');
    });
  }

  async report(actor: Actor, sessionId: string, transferId: string, outcome: 'completed' | 'failed', route: FileRoute, error?: string): Promise<void> {
    const revoked = await this.#store.transaction(async () => {
      const { session, side } = await this.#party(actor, sessionId);
      const t = await this.#get(sessionId, transferId);
      if (t.state !== 'accepted') throw new ProtocolError('invalid_state', `the transfer is ${t.state}`);
      if (outcome === 'failed') {
        await this.#update(session, t, ['accepted'], { state: 'failed', route, by: side, error: error ?? 'the transfer failed' }, 'file.failed');
        return false;
      }
      if (t.from === side) throw new ProtocolError('forbidden', 'only the receiver confirms a transfer, after its checksum');
      if (!(await this.#permissions.check(sessionId, 'files'))) {
        await this.fail(session, t, REVOKED);
        return true;
      }
      await this.#update(session, t, ['accepted'], { state: 'completed', route, by: side }, 'file.completed');
      const text = systemLine('file_sent', { sender: t.senderName, file: t.name, size: formatFileSize(t.size) });
      const message = await this.#store.appendMessage({ id: randomId(), sessionId, author: 'system', authorName: 'System', text, at: Date.now() });
      afterCommit(() => this.#fanOut(session, { type: 'chat', message }));
      return false;
    });
    // Refused after the failure was committed (a throw inside would have rolled it back).
    if (revoked) throw new ProtocolError('forbidden', REVOKED);
  }

  /** Cancel, by either party, while the transfer is offered or moving: both sides stop, the relay forgets it. */
  cancel(actor: Actor, sessionId: string, transferId: string): Promise<void> {
    return this.#store.transaction(async () => {
      const { session, side } = await this.#party(actor, sessionId);
      const t = await this.#get(sessionId, transferId);
      if (!OPEN.includes(t.state)) throw new ProtocolError('invalid_state', `the transfer is ${t.state}`);
      await this.#update(session, t, OPEN, { state: 'cancelled', by: side }, 'file.cancelled');
    });
  }

  /** For the relay routes: an accepted transfer, and which side the caller is on it. */
  async relayAccess(session: SessionRecord, transferId: string, side: Side, want: 'sender' | 'receiver'): Promise<FileTransferRecord> {
    const t = await this.#get(session.id, transferId);
    if ((t.from === side) !== (want === 'sender')) throw new ProtocolError('forbidden', `only the ${want} may do that`);
    if (t.state !== 'accepted') throw new ProtocolError('invalid_state', `the transfer is ${t.state}`);
    if (!(await this.#permissions.check(session.id, 'files'))) {
      await this.#store.transaction(() => this.fail(session, t, REVOKED));
      throw new ProtocolError('forbidden', 'the customer has not allowed file transfer');
    }
    return t;
  }

  /** The sender put the last relay chunk: the receiver may download. */
  async relayUploaded(session: SessionRecord, t: FileTransferRecord): Promise<void> {
    await this.#store.transaction(() => this.#update(session, t, ['accepted'], { route: 'relay', relayReady: true, by: t.from }, 'file.relayed'));
  }

  /** Fails an open transfer (in the caller's transaction); its relay file goes once that committed. */
  async fail(session: SessionRecord, t: FileTransferRecord, error: string): Promise<void> {
    if (!OPEN.includes(t.state)) return;
    // Ended meanwhile (cancelled, completed): nothing left to fail, and a session close must not fail for it.
    await this.#update(session, t, OPEN, { state: 'failed', by: 'system', error }, 'file.failed', false);
  }

  /** The session ended (inside its close transaction): open transfers fail, relayed files are deleted after the commit. */
  async onSessionClosed(session: SessionRecord): Promise<void> {
    for (const t of await this.#store.files.transfersOfSession(session.id)) await this.fail(session, t, 'the session ended');
  }

  async list(sessionId: string): Promise<FileTransferView[]> {
    return (await this.#store.files.transfersOfSession(sessionId)).map(viewOf);
  }

  /** The transfer as stored now (the relay routes re-read it after a chunk). */
  current(transferId: string): Promise<FileTransferRecord | null> {
    return this.#store.files.transfer(transferId);
  }

  async #party(actor: Actor, sessionId: string): Promise<{ session: SessionRecord; side: Side }> {
    return { session: await activeSessionOf(this.#store, actor, sessionId), side: actor.role };
  }

  async #get(sessionId: string, transferId: string): Promise<FileTransferRecord> {
    const t = await this.#store.files.transfer(transferId);
    if (!t || t.sessionId !== sessionId) throw new ProtocolError('not_found', 'no such transfer');
    return t;
  }

  /** A conditional state change: another node (or request) that changed it first wins, and this one is `invalid_state`. */
  async #update(session: SessionRecord, t: FileTransferRecord, expected: readonly FileState[], patch: FileTransferPatch, event: string, strict = true): Promise<void> {
    const updated = await this.#store.files.updateTransfer(t.id, expected, { ...patch, at: Date.now() });
    if (!updated) {
      if (strict) throw new ProtocolError('invalid_state', 'the transfer changed meanwhile');
      return;
    }
    await this.#publish(session, updated, event);
    // A relay file is deleted once the transfer is over, after the commit (a deleted file cannot be rolled back).
    if (!OPEN.includes(updated.state) && (updated.relayBytes > 0 || updated.relaySeq > 0)) afterCommit(() => this.relay.remove(updated.id));
  }

  async #publish(session: SessionRecord, t: FileTransferRecord, event: string): Promise<void> {
    await this.#store.appendEvent(session.id, event, t.at, { transferId: t.id, name: t.name, size: t.size, by: t.by, route: t.route, error: t.error });
    const notice = { type: 'file' as const, sessionId: session.id, transfer: viewOf(t) };
    afterCommit(() => this.#fanOut(session, notice));
  }

  #fanOut(session: SessionRecord, message: Parameters<Hub['toCustomer']>[1]): void {
    this.#hub.toCustomer(session.id, message);
    if (session.repId) this.#hub.toRep(session.repId, message);
  }
}
