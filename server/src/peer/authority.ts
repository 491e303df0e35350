import { PEER_ROLE_ENDED, type PeerRoleEnded, type SessionChanged, type SessionState } from '@rs/protocol';
import type { PeerRecord, Store } from '../store/store.ts';

/** A session as signalling needs it. */
interface SessionRole {
  state: SessionState;
  repId: string | null;
}

/** Cached sessions are re-read after this long, in case a session.changed event was lost on the way. */
const SESSION_TTL_MS = 10_000;
/** Peer records never change once issued (only their tokens); this many are kept. */
const PEER_CACHE_MAX = 20_000;

/**
 * Who may signal whom, and whose peer socket may stay open: a PeerJS frame goes
 * only between the customer and the representative who holds the session now,
 * while it is active. Sessions and peers are cached per node (every frame is
 * checked), and session.changed events, which every node gets, update the cache.
 */
export class PeerAuthority {
  readonly #store: Store;
  readonly #peers = new Map<string, PeerRecord | null>();
  readonly #sessions = new Map<string, { role: SessionRole | null; tick: number; at: number }>();
  #tick = 0;

  constructor(store: Store) {
    this.#store = store;
  }

  /** Why a frame from `src` to the peer id `dstId` may not go, or null when it may. */
  async refuse(src: PeerRecord, dstId: string): Promise<string | null> {
    const dst = await this.#peer(dstId);
    if (!dst) return 'to an unknown peer';
    if (dst.sessionId !== src.sessionId) return 'to another session';
    if (dst.side === src.side) return 'to the same side';
    const session = await this.#session(src.sessionId);
    if (session?.state !== 'active') return 'in a session that is not active';
    const rep = src.side === 'rep' ? src : dst;
    return rep.repId === session.repId ? null : 'with a representative who no longer holds the session';
  }

  /** Whether this peer's socket may be open now (read from the store, not the cache), or why not. */
  async ended(peer: PeerRecord, now = Date.now()): Promise<PeerRoleEnded | null> {
    const session = await this.#store.session(peer.sessionId);
    if (!session || session.state === 'closed') return PEER_ROLE_ENDED.ended;
    if (peer.side === 'customer') return null;
    if (session.state !== 'active' || session.repId !== peer.repId) return PEER_ROLE_ENDED.handedOver;
    const rep = peer.repTokenHash ? await this.#store.repByToken(peer.repTokenHash, now) : null;
    return rep?.id === peer.repId ? null : PEER_ROLE_ENDED.signedOut;
  }

  /** What a socket of `peer` must be closed with after this transition, or null when it keeps its role. */
  endedBy(peer: PeerRecord, event: SessionChanged): PeerRoleEnded | null {
    if (peer.sessionId !== event.sessionId) return null;
    if (event.state === 'closed') return PEER_ROLE_ENDED.ended;
    if (peer.side === 'rep' && (event.state !== 'active' || event.repId !== peer.repId)) return PEER_ROLE_ENDED.handedOver;
    return null;
  }

  /** The event is newer than anything read from the store before it arrived. */
  onSessionChanged(event: SessionChanged): void {
    this.#sessions.set(event.sessionId, { role: { state: event.state, repId: event.repId }, tick: ++this.#tick, at: Date.now() });
    if (event.state === 'closed') this.#forgetSessionLater(event.sessionId);
  }

  async #session(id: string): Promise<SessionRole | null> {
    const hit = this.#sessions.get(id);
    if (hit && Date.now() - hit.at < SESSION_TTL_MS) return hit.role;
    const tick = ++this.#tick;
    const record = await this.#store.session(id);
    const now = this.#sessions.get(id);
    // An event that arrived while the store answered is newer than the answer.
    if (now && now.tick > tick) return now.role;
    const role = record ? { state: record.state, repId: record.repId } : null;
    if (this.#sessions.size >= PEER_CACHE_MAX) this.#sessions.delete(this.#sessions.keys().next().value!);
    this.#sessions.set(id, { role, tick, at: Date.now() });
    return role;
  }

  async #peer(id: string): Promise<PeerRecord | null> {
    if (this.#peers.has(id)) return this.#peers.get(id) ?? null;
    const record = await this.#store.peer(id);
    // An unknown id is cached too: ids are random and learnt only after they are issued, so nobody signals one before.
    if (this.#peers.size >= PEER_CACHE_MAX) this.#peers.delete(this.#peers.keys().next().value!);
    this.#peers.set(id, record);
    return record;
  }

  #forgetSessionLater(id: string): void {
    // A closed session stays closed; its entry is kept a TTL for frames still in flight, then dropped.
    setTimeout(() => this.#sessions.get(id)?.role?.state === 'closed' && this.#sessions.delete(id), SESSION_TTL_MS).unref();
  }
}
