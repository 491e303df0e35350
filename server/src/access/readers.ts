import type { Request } from 'express';
import { ProtocolError } from '@rs/protocol';
import type { Store } from '../store/store.ts';
import { bearer, requireRep } from '../http/auth.ts';
import { API_TOKEN_PREFIX, apiTokenOf } from '../itsm/tokens.ts';
import type { Services } from '../services.ts';

/** What finding the reader needs: the store, and the counters that throttle API tokens. */
export type ReaderDeps = Pick<Services, 'store' | 'counters' | 'config'>;

/**
 * Who is reading, as far as session data goes: everything (an admin, or an
 * integration's API token with `history:read`), or what one representative
 * took part in or one of their teams served (`store.access`, written by the
 * database with every assignment and route). Every REST path that returns a
 * session's data asks here, so the rule lives in one place.
 */
export type Reader = { kind: 'all' } | { kind: 'rep'; repId: string };

/** The reader behind this request, or a typed 401 (no or bad credential) / 403 (an API token without `history:read`). */
export async function requireReader(deps: ReaderDeps, req: Request): Promise<Reader> {
  if (bearer(req)?.startsWith(API_TOKEN_PREFIX)) {
    await apiTokenOf(deps, req, 'history:read');
    return { kind: 'all' };
  }
  const { rep } = await requireRep(deps.store, req);
  return rep.role === 'admin' ? { kind: 'all' } : { kind: 'rep', repId: rep.id };
}

/** The representative a list must be narrowed to, or undefined for a reader of everything. */
export const readerRepId = (reader: Reader): string | undefined => (reader.kind === 'rep' ? reader.repId : undefined);

export async function mayRead(store: Store, reader: Reader, sessionId: string): Promise<boolean> {
  return reader.kind === 'all' || (await store.access.mayRead(sessionId, reader.repId));
}

/**
 * Throws `not_found` with `message` unless the reader may read this session.
 * Callers pass the message they give for a session that does not exist, so a
 * refusal and a missing session look the same (no existence oracle).
 */
export async function requireReadable(store: Store, reader: Reader, sessionId: string, message: string): Promise<void> {
  if (!(await mayRead(store, reader, sessionId))) throw new ProtocolError('not_found', message);
}

/** requireReader then requireReadable: the one call a route makes before returning a session's data. */
export async function requireSessionReader(deps: ReaderDeps, req: Request, sessionId: string, message: string): Promise<Reader> {
  const reader = await requireReader(deps, req);
  await requireReadable(deps.store, reader, sessionId, message);
  return reader;
}
