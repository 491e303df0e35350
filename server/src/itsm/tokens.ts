import type { Request } from 'express';
import { ProtocolError, type ApiScope, type ApiToken } from '@rs/protocol';
import type { Store } from '../store/store.ts';
import type { ApiTokenRecord } from '../store/workflow-store.ts';
import { hashToken } from '../auth/secrets.ts';
import { bearer } from '../http/auth.ts';
import type { Counters, Limiter } from '../limits/limiter.ts';
import type { ThrottleConfig } from '../throttle/config.ts';
import { clientAddress } from '../throttle/client-address.ts';
import type { Services } from '../services.ts';
import { audit } from '../observability/audit.ts';

/** Integration API tokens start with this, so they are never mistaken for a representative's sign-in. */
export const API_TOKEN_PREFIX = 'rsi_';

export const apiTokenView = ({ tokenHash: _hidden, ...rest }: ApiTokenRecord): ApiToken => rest;

/** Wrong API tokens per address (refused for the rest of the window once spent) and requests per valid token. */
export class ApiTokenThrottle {
  readonly #wrong: Limiter;
  readonly #requests: Limiter;
  readonly #config: ThrottleConfig;

  constructor(counters: Counters, config: ThrottleConfig) {
    this.#config = config;
    this.#wrong = counters.limiter(
      'api-token:wrong',
      { points: config.apiTokenWrongPerAddress, perSeconds: config.apiTokenWrongWindowSeconds, blockSeconds: config.apiTokenWrongWindowSeconds },
      'too many invalid API tokens from this address; wait and try again',
    );
    this.#requests = counters.limiter('api-token:requests', { points: config.apiTokenRequestsPerMinute, perSeconds: 60 }, 'too many requests with this API token; slow down');
  }

  address(req: Request): string {
    return clientAddress(req, this.#config.trustProxy);
  }

  check(address: string): Promise<void> {
    return this.#wrong.check(address);
  }

  wrong(address: string): Promise<void> {
    return this.#wrong.penalize(address);
  }

  request(tokenId: string): Promise<void> {
    return this.#requests.consume(tokenId);
  }
}

/** Is this bearer an unexpired, unrevoked integration token carrying `scope`? Null when it is no API token at all. */
export async function apiTokenFor(store: Store, req: Request, scope: ApiScope, now: number, throttle: ApiTokenThrottle): Promise<ApiTokenRecord | null> {
  const token = bearer(req);
  if (!token?.startsWith(API_TOKEN_PREFIX)) return null;
  const address = throttle.address(req);
  await throttle.check(address);
  const record = await store.workflow.apiTokenByHash(hashToken(token));
  if (!record || record.revokedAt !== null || record.expiresAt <= now) {
    audit('api_token.refused', { address, tokenId: record?.id ?? null, reason: !record ? 'unknown' : record.revokedAt !== null ? 'revoked' : 'expired', path: req.path, reqId: req.id }, 'API token refused');
    await throttle.wrong(address);
    throw new ProtocolError('unauthorized', 'the API token is invalid, expired or revoked');
  }
  await throttle.request(record.id);
  const allowed = record.scopes.includes(scope);
  audit(allowed ? 'api_token.used' : 'api_token.refused', { tokenId: record.id, integrationId: record.integrationId, scope, address, method: req.method, path: req.path, reqId: req.id, ...(allowed ? {} : { reason: 'scope' }) }, allowed ? 'API token used' : 'API token refused: scope');
  if (!allowed) throw new ProtocolError('forbidden', `the API token lacks the ${scope} scope`);
  return record;
}

/** `apiTokenFor` with the server's own throttle: what every route that accepts an API token calls. */
export function apiTokenOf(services: Pick<Services, 'store' | 'counters' | 'config'>, req: Request, scope: ApiScope): Promise<ApiTokenRecord | null> {
  return apiTokenFor(services.store, req, scope, Date.now(), new ApiTokenThrottle(services.counters, services.config.throttle));
}
