import { ProtocolError, type PeerCredentials } from '@rs/protocol';
import type { Services } from '../services.ts';
import type { RepRecord, SessionRecord } from '../store/store.ts';
import { hashToken, randomHex, randomId } from '../auth/secrets.ts';
import { PEER_MOUNT } from './mount.ts';
import { turnServers } from './turn.ts';

/**
 * GET /api/sessions/:id/peer: the caller's peer id in this session (the
 * customer's one, or this representative's own: a new representative never
 * gets the last one's), a fresh token for it, and the peer id of the other
 * CURRENT party, which is what the customer's share calls.
 */
export async function issuePeerCredentials(
  { store, config }: Pick<Services, 'store' | 'config'>,
  session: SessionRecord,
  party: { side: 'customer' } | { side: 'rep'; rep: RepRecord },
  bearerHash: string,
): Promise<PeerCredentials> {
  if (session.state === 'closed') throw new ProtocolError('invalid_state', 'the session has ended');
  // Signalling is only ever allowed to the representative who holds the session now (see guard.ts).
  if (party.side === 'rep' && session.state !== 'active') throw new ProtocolError('invalid_state', `the session is ${session.state}`);
  const peerToken = randomId(24);
  const repId = party.side === 'rep' ? party.rep.id : null;
  const mine = await store.issuePeer({
    peerId: randomHex(16),
    sessionId: session.id,
    side: party.side,
    repId,
    tokenHash: hashToken(peerToken),
    repTokenHash: party.side === 'rep' ? bearerHash : null,
    createdAt: Date.now(),
  });
  const theirs = party.side === 'rep' ? await store.peerOfSession(session.id, 'customer') : session.repId ? await store.peerOfSession(session.id, 'rep', session.repId) : null;
  return {
    peerId: mine.peerId,
    peerToken,
    remotePeerId: theirs?.peerId ?? null,
    path: PEER_MOUNT,
    iceServers: [...config.iceServers, ...turnServers(config, mine.peerId, Date.now())],
  };
}
