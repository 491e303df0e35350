import type { Request } from 'express';
import { ProtocolError } from '@rs/protocol';
import type { RepRecord, SessionRecord, Store } from '../store/store.ts';
import { hashToken } from '../auth/secrets.ts';
import { noteActor } from '../observability/http-log.ts';

export function bearer(req: Request): string | null {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() || null : null;
}

/** The signed-in representative, or a typed 401. */
export async function requireRep(store: Store, req: Request): Promise<{ rep: RepRecord; tokenHash: string }> {
  const token = bearer(req);
  const tokenHash = token ? hashToken(token) : null;
  const rep = tokenHash ? await store.repByToken(tokenHash, Date.now()) : null;
  if (!rep || !tokenHash) throw new ProtocolError('unauthorized', 'sign in as a representative');
  noteActor(req, { repId: rep.id, username: rep.username, role: rep.role });
  return { rep, tokenHash };
}

/** Which side of this session the bearer is, or a typed 401/404. */
export async function requireParty(
  store: Store,
  req: Request,
  session: SessionRecord,
): Promise<{ side: 'customer' } | { side: 'rep'; rep: RepRecord }> {
  const token = bearer(req);
  if (!token) throw new ProtocolError('unauthorized', 'a session or representative token is required');
  const tokenHash = hashToken(token);
  if (tokenHash === session.customerTokenHash) return { side: 'customer' };
  const rep = await store.repByToken(tokenHash, Date.now());
  if (!rep) throw new ProtocolError('unauthorized', 'invalid token');
  if (session.repId !== rep.id) throw new ProtocolError('not_found', 'no such session among yours');
  return { side: 'rep', rep };
}
