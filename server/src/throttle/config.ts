import { integer } from '../env.ts';
import { parseTrustProxy, type TrustProxy } from './client-address.ts';

/** Throttles on the doors anyone can knock on (sign-in, intake, relay uploads, API tokens), from environment variables documented in the README. */
export interface ThrottleConfig {
  /** Which peers may name the client in X-Forwarded-For; null trusts none (the header is ignored). */
  trustProxy: TrustProxy | null;
  /** Wrong passwords for one account before waits start (1 s, doubling up to `signInAccountMaxWaitSeconds`). */
  signInAccountFreeFailures: number;
  signInAccountMaxWaitSeconds: number;
  /** Wrong sign-ins from one address within the window before that address is refused until the window ends. */
  signInAddressMaxFailures: number;
  signInAddressWindowSeconds: number;
  /** Sessions one address may start (POST /api/sessions, web chat, session-key redeem) per window. */
  sessionCreateMaxPerAddress: number;
  sessionCreateWindowSeconds: number;
  /** Relay chunk uploads per minute, per session and per address. */
  relayChunksPerMinute: number;
  relayAddressChunksPerMinute: number;
  /** Unknown or revoked API tokens one address may present per window before it is refused until the window ends. */
  apiTokenWrongPerAddress: number;
  apiTokenWrongWindowSeconds: number;
  /** Requests one valid API token may make per minute. */
  apiTokenRequestsPerMinute: number;
  /** Session-key emails one representative may send per hour. */
  sessionKeyEmailsPerHour: number;
}

export function loadThrottleConfig(env: NodeJS.ProcessEnv): ThrottleConfig {
  return {
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    signInAccountFreeFailures: integer(env, 'SIGN_IN_ACCOUNT_FREE_FAILURES', 5, 1),
    signInAccountMaxWaitSeconds: integer(env, 'SIGN_IN_ACCOUNT_MAX_WAIT_SECONDS', 60, 1),
    signInAddressMaxFailures: integer(env, 'SIGN_IN_ADDRESS_MAX_FAILURES', 50, 1),
    signInAddressWindowSeconds: integer(env, 'SIGN_IN_ADDRESS_WINDOW_MINUTES', 15, 1) * 60,
    sessionCreateMaxPerAddress: integer(env, 'SESSION_CREATE_MAX_PER_ADDRESS', 20, 1),
    sessionCreateWindowSeconds: integer(env, 'SESSION_CREATE_WINDOW_SECONDS', 60, 1),
    relayChunksPerMinute: integer(env, 'FILE_RELAY_CHUNKS_PER_MINUTE', 600, 1),
    relayAddressChunksPerMinute: integer(env, 'FILE_RELAY_ADDRESS_CHUNKS_PER_MINUTE', 1200, 1),
    apiTokenWrongPerAddress: integer(env, 'API_TOKEN_WRONG_PER_ADDRESS', 10, 1),
    apiTokenWrongWindowSeconds: integer(env, 'API_TOKEN_WRONG_WINDOW_MINUTES', 15, 1) * 60,
    apiTokenRequestsPerMinute: integer(env, 'API_TOKEN_REQUESTS_PER_MINUTE', 300, 1),
    sessionKeyEmailsPerHour: integer(env, 'SESSION_KEY_EMAILS_PER_HOUR', 30, 1),
  };
}
