import type { Counters, Limiter } from '../limits/limiter.ts';
import type { ThrottleConfig } from './config.ts';

/**
 * Session-key emails per representative: the server sends them in its own name
 * to any address the representative types, so one account (or a stolen token)
 * would otherwise be a mail cannon. Every attempt counts, sent or not.
 */
export const keyEmailLimiter = (counters: Counters, config: ThrottleConfig): Limiter =>
  counters.limiter(
    'session-key-email',
    { points: config.sessionKeyEmailsPerHour, perSeconds: 3_600 },
    'too many session-key emails sent from this account; wait and try again',
  );
