import { createHmac } from 'node:crypto';
import type { Config } from '../config.ts';

export interface TurnServer {
  urls: string[];
  username: string;
  credential: string;
}

/**
 * Time-limited TURN credentials in the "TURN REST API" scheme
 * (draft-uberti-behave-turn-rest, as coturn's `use-auth-secret` reads them):
 * the username is `expiry:peerId` (expiry in Unix seconds) and the credential
 * is base64(HMAC-SHA1(secret, username)). The TURN server recomputes the HMAC
 * with the same shared secret and refuses an expired username.
 */
export function turnCredentials(secret: string, urls: string[], peerId: string, ttlSeconds: number, nowMs: number): TurnServer {
  const username = `${Math.floor(nowMs / 1000) + ttlSeconds}:${peerId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { urls, username, credential };
}

/** The TURN entry to add to a peer's ICE servers, when TURN_SECRET and TURN_URLS are set. */
export function turnServers(config: Pick<Config, 'turnSecret' | 'turnUrls' | 'turnTtlSeconds'>, peerId: string, nowMs: number): TurnServer[] {
  if (!config.turnSecret || config.turnUrls.length === 0) return [];
  return [turnCredentials(config.turnSecret, config.turnUrls, peerId, config.turnTtlSeconds, nowMs)];
}
