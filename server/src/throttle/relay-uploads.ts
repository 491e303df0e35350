import type { IncomingMessage } from 'node:http';
import type { Counters, Limiter } from '../limits/limiter.ts';
import type { ThrottleConfig } from './config.ts';
import { clientAddress } from './client-address.ts';

/**
 * The rate of relay chunk uploads (PUT .../chunks/:seq), per session and per
 * address. How many bytes may be relayed is a separate cap (files/); this only
 * keeps one client from turning the relay into a write loop on the disk.
 */
export function relayUploadLimiters(counters: Counters, config: ThrottleConfig): { perSession: Limiter; perAddress: Limiter; address(req: IncomingMessage): string } {
  const message = 'too many file chunks uploaded; wait a moment and try again';
  return {
    perSession: counters.limiter('relay-upload:session', { points: config.relayChunksPerMinute, perSeconds: 60 }, message),
    perAddress: counters.limiter('relay-upload:address', { points: config.relayAddressChunksPerMinute, perSeconds: 60 }, message),
    address: (req) => clientAddress(req, config.trustProxy),
  };
}
