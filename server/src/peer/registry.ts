import type { WebSocket } from 'ws';
import { PEER_ROLE_ENDED, PEER_ROLE_ENDED_CODE, type PeerRoleEnded, type RepSignedOut, type SessionChanged } from '@rs/protocol';
import type { PeerRecord } from '../store/store.ts';
import type { PeerAuthority } from './authority.ts';

/**
 * This node's PeerJS sockets by the role they were opened for, so that the
 * end of a role (a transition or a sign-out, announced to every node) closes
 * exactly the sockets of that role, wherever they are.
 */
export class PeerSockets {
  readonly #open = new Map<WebSocket, PeerRecord>();
  readonly #bySession = new Map<string, Set<WebSocket>>();
  readonly #byRep = new Map<string, Set<WebSocket>>();
  readonly #authority: PeerAuthority;

  constructor(authority: PeerAuthority) {
    this.#authority = authority;
  }

  add(ws: WebSocket, peer: PeerRecord): void {
    this.#open.set(ws, peer);
    index(this.#bySession, peer.sessionId, ws);
    if (peer.repId) index(this.#byRep, peer.repId, ws);
    ws.once('close', () => {
      this.#open.delete(ws);
      unindex(this.#bySession, peer.sessionId, ws);
      if (peer.repId) unindex(this.#byRep, peer.repId, ws);
    });
  }

  onSessionChanged(event: SessionChanged): void {
    for (const ws of [...(this.#bySession.get(event.sessionId) ?? [])]) {
      const peer = this.#open.get(ws);
      const why = peer && this.#authority.endedBy(peer, event);
      if (why) closeRoleEnded(ws, why);
    }
  }

  onRepSignedOut(event: RepSignedOut): void {
    for (const ws of [...(this.#byRep.get(event.repId) ?? [])]) {
      const peer = this.#open.get(ws);
      if (peer && (event.tokenHash === null || peer.repTokenHash === event.tokenHash)) closeRoleEnded(ws, PEER_ROLE_ENDED.signedOut);
    }
  }
}

/**
 * Tells the peerjs client why (an ERROR frame: it reports the message and stops using the id), then closes.
 * Its calls and data connections are peer to peer: the features that made them end them when they hear the reason.
 */
export function closeRoleEnded(ws: WebSocket, why: PeerRoleEnded): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(JSON.stringify({ type: 'ERROR', payload: { msg: why } }));
  ws.close(PEER_ROLE_ENDED_CODE, why);
}

function index(map: Map<string, Set<WebSocket>>, key: string, ws: WebSocket): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(ws);
}

function unindex(map: Map<string, Set<WebSocket>>, key: string, ws: WebSocket): void {
  const set = map.get(key);
  set?.delete(ws);
  if (set?.size === 0) map.delete(key);
}
