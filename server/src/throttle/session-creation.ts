import type { Counters, Limiter } from '../limits/limiter.ts';
import type { ThrottleConfig } from './config.ts';

/**
 * Sessions started per address: POST /api/sessions (the support page and the
 * web chat's intake) and session-key redeem share one budget, since each
 * creates a session and a queue entry the representatives see.
 */
export const sessionCreationLimiter = (counters: Counters, config: ThrottleConfig): Limiter =>
  counters.limiter(
    'session-create',
    { points: config.sessionCreateMaxPerAddress, perSeconds: config.sessionCreateWindowSeconds },
    'too many support sessions started from this address; wait and try again',
  );
