import type { Request } from 'express';
import { ProtocolError, type ApiScope, type ApiToken } from '@rs/protocol';
import type { Store } from '../store/store.ts';
import type { ApiTokenRecord } from '../store/workflow-store.ts';
import { hashToken } from '../auth/secrets.ts';
import { bearer } from '../http/auth.ts';

/** Integration API tokens start with this, so they are never mistaken for a representative's sign-in. */
export const API_TOKEN_PREFIX = 'rsi_';

export const apiTokenView = ({ tokenHash: _hidden, ...rest }: ApiTokenRecord): ApiToken => rest;

/** Is this bearer an unexpired, unrevoked integration token carrying `scope`? Null when it is no API token at all. */
export async function apiTokenFor(store: Store, req: Request, scope: ApiScope, now: number): Promise<ApiTokenRecord | null> {
  const token = bearer(req);
  if (!token?.startsWith(API_TOKEN_PREFIX)) return null;
  const record = await store.workflow.apiTokenByHash(hashToken(token));
  if (!record || record.revokedAt !== null || record.expiresAt <= now) throw new ProtocolError('unauthorized', 'the API token is invalid, expired or revoked');
  if (!record.scopes.includes(scope)) throw new ProtocolError('forbidden', `the API token lacks the ${scope} scope`);
  return record;
}
