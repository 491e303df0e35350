import type { WebSocket } from 'ws';
import { PEERJS_PRESENCE_CHANNEL, PeerjsForwardSchema, PeerjsPresenceSchema, parseWith, peerjsNodeChannel, type PeerjsForward, type PeerjsPresence } from '@rs/protocol';
import type { Bus } from '../cluster/bus.ts';
import type { Store } from '../store/store.ts';
import type { PeerStats } from './stats.ts';
import { log } from '../observability/log.ts';

/** How long a frame waits for a peer that is not connected anywhere: the `peer` server's own expire_timeout. */
export const HOLD_MS = 5_000;
/** Where a peer is connected is re-read from the store after this long (a presence message may have been lost). */
const LOCATION_TTL_MS = 10_000;
/** Most frames waiting for one peer (the senders' PEER_ABSENT_BYTES budgets bound the bytes). */
const HELD_PER_PEER_MAX = 256;

/**
 * Carries checked PeerJS frames to the node that holds the destination's
 * socket. This node's own sockets get them at once; a peer connected to
 * another node gets them over the bus on that node's channel (the store says
 * which node holds which peer, and presence messages keep every node's copy
 * fresh); a peer connected nowhere yet gets them when it connects, on any
 * node, within HOLD_MS, or the sender gets EXPIRE, as from the `peer` server.
 */
export class PeerRouter {
  readonly nodeId: string;
  readonly #bus: Bus;
  readonly #store: Store;
  readonly #local: (peerId: string) => WebSocket | null;
  readonly #stats: PeerStats;
  readonly #held = new Map<string, { frames: PeerjsForward[]; since: number }>();
  readonly #where = new Map<string, { nodeId: string | null; at: number }>();
  readonly #unsubscribe: (() => Promise<void>)[] = [];
  #sweep: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(bus: Bus, store: Store, nodeId: string, local: (peerId: string) => WebSocket | null, stats: PeerStats) {
    this.#bus = bus;
    this.#store = store;
    this.nodeId = nodeId;
    this.#local = local;
    this.#stats = stats;
  }

  async start(): Promise<void> {
    this.#unsubscribe.push(
      await this.#bus.subscribe(peerjsNodeChannel(this.nodeId), (raw) => {
        const parsed = parseWith(PeerjsForwardSchema, raw);
        if (parsed.ok) void this.route(parsed.value).catch((err: unknown) => log.warn({ err }, 'PeerJS: a forwarded frame failed'));
        else log.warn(`bus: dropped a malformed PeerJS frame: ${parsed.error.message}`);
      }),
      await this.#bus.subscribe(PEERJS_PRESENCE_CHANNEL, (raw) => {
        const parsed = parseWith(PeerjsPresenceSchema, raw);
        if (parsed.ok) this.#presence(parsed.value);
        else log.warn(`bus: dropped a malformed PeerJS presence message: ${parsed.error.message}`);
      }),
    );
    this.#sweep = setInterval(() => this.#expire(), 500).unref();
  }

  /** Whether `peerId` is known to hold a socket on some node (frames to others count against PEER_ABSENT_BYTES). */
  knownConnected(peerId: string): boolean {
    const where = this.#where.get(peerId);
    return this.#local(peerId) !== null || (where?.nodeId != null && Date.now() - where.at < LOCATION_TTL_MS);
  }

  /** Delivers a frame already checked (parties of one session): here, to the node holding `dst`, or later. */
  async route(frame: PeerjsForward): Promise<void> {
    if (this.#sendHere(frame)) return;
    // A frame another node forwarded is not sent on again (no loops); it waits here for the peer's presence.
    const node = frame.hops === 0 ? await this.#location(frame.dst) : null;
    if (this.#sendHere(frame)) return;
    if (node && node !== this.nodeId) {
      this.#flush(frame.dst, node);
      this.#forward(node, frame);
      return;
    }
    if (frame.type === 'EXPIRE') return;
    const held = this.#held.get(frame.dst) ?? { frames: [], since: Date.now() };
    if (held.frames.length >= HELD_PER_PEER_MAX) return this.#stats.drop('waiting for a peer that is not connected');
    held.frames.push(frame);
    this.#held.set(frame.dst, held);
  }

  /** One of this node's sockets became `peerId`'s: every node learns where it is, and what waited for it goes there. */
  async connected(peerId: string): Promise<void> {
    this.#where.set(peerId, { nodeId: this.nodeId, at: Date.now() });
    this.#flush(peerId, this.nodeId);
    await this.#store.setPeerNode(peerId, this.nodeId);
    await this.#bus.publish(PEERJS_PRESENCE_CHANNEL, { peerId, nodeId: this.nodeId, online: true } satisfies PeerjsPresence);
  }

  async disconnected(peerId: string): Promise<void> {
    if (this.#closed) return;
    await this.#store.setPeerNode(peerId, null, this.nodeId);
    await this.#bus.publish(PEERJS_PRESENCE_CHANNEL, { peerId, nodeId: this.nodeId, online: false } satisfies PeerjsPresence);
  }

  close(): void {
    this.#closed = true;
    if (this.#sweep) clearInterval(this.#sweep);
    for (const unsubscribe of this.#unsubscribe.splice(0)) void unsubscribe();
    this.#held.clear();
  }

  #sendHere(frame: PeerjsForward): boolean {
    const ws = this.#open(frame.dst);
    if (!ws) return false;
    this.#flush(frame.dst, this.nodeId);
    this.#write(ws, frame);
    return true;
  }

  #open(peerId: string): WebSocket | null {
    const ws = this.#local(peerId);
    return ws && ws.readyState === ws.OPEN ? ws : null;
  }

  /** The `peer` server's own wire format for a relayed frame. */
  #write(ws: WebSocket, frame: PeerjsForward): void {
    ws.send(JSON.stringify({ type: frame.type, src: frame.src, dst: frame.dst, payload: frame.payload }));
    this.#stats.count('relayed');
  }

  #forward(nodeId: string, frame: PeerjsForward): void {
    if (frame.hops >= 3) return this.#stats.drop('forwarded too often');
    this.#stats.count('forwarded');
    void this.#bus.publish(peerjsNodeChannel(nodeId), { ...frame, hops: frame.hops + 1 } satisfies PeerjsForward).catch((err: unknown) => log.warn({ err }, 'PeerJS: forwarding failed'));
  }

  /** Sends what waited for `peerId`, in order, to the node that now holds it. */
  #flush(peerId: string, nodeId: string): void {
    const held = this.#held.get(peerId);
    if (!held) return;
    const ws = nodeId === this.nodeId ? this.#open(peerId) : null;
    if (nodeId === this.nodeId && !ws) return;
    this.#held.delete(peerId);
    for (const frame of held.frames) {
      if (ws) this.#write(ws, frame);
      else this.#forward(nodeId, frame);
    }
  }

  #presence(p: PeerjsPresence): void {
    const known = this.#where.get(p.peerId);
    if (p.online) this.#where.set(p.peerId, { nodeId: p.nodeId, at: Date.now() });
    else if (known?.nodeId === p.nodeId) this.#where.set(p.peerId, { nodeId: null, at: Date.now() });
    if (p.online && p.nodeId !== this.nodeId) this.#flush(p.peerId, p.nodeId);
  }

  async #location(peerId: string): Promise<string | null> {
    const known = this.#where.get(peerId);
    if (known && Date.now() - known.at < LOCATION_TTL_MS) return known.nodeId;
    const nodeId = await this.#store.peerNode(peerId);
    // A presence message that arrived while the store answered is newer than the answer (and flushed nothing yet).
    const meanwhile = this.#where.get(peerId);
    if (meanwhile !== known && meanwhile) return meanwhile.nodeId;
    this.#where.set(peerId, { nodeId, at: Date.now() });
    if (this.#where.size > 50_000) this.#where.delete(this.#where.keys().next().value!);
    return nodeId;
  }

  /** Frames nobody came for: each sender is told once, as the `peer` server does. */
  #expire(): void {
    const now = Date.now();
    for (const [dst, held] of this.#held) {
      if (now - held.since < HOLD_MS) continue;
      this.#held.delete(dst);
      for (const src of new Set(held.frames.map((f) => f.src))) {
        this.#stats.count('expired');
        void this.route({ type: 'EXPIRE', src: dst, dst: src, hops: 0 }).catch(() => {});
      }
    }
  }
}
