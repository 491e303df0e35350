import type { ClientRequestType } from '@rs/protocol';
import type { Actor } from '../sessions/service.ts';
import type { LimitsConfig } from './config.ts';
import type { Counters, Limiter } from './limiter.ts';

/** Requests with a budget of their own (ChatLimits): not counted twice. */
const OWN_BUDGET = new Set<ClientRequestType>(['chat.send', 'chat.history']);

/**
 * Live-socket requests per party (a customer session, or a representative over
 * all their sessions). Most write to the store and fan out to every party
 * (share.stop writes two session events), so a party that sends them in a loop
 * would grow the database without bound; people send a few a minute.
 */
export class RequestLimits {
  readonly #party: Limiter;

  constructor(counters: Counters, limits: Pick<LimitsConfig, 'liveRequestsPerMinute'>) {
    this.#party = counters.limiter('live-requests', { points: limits.liveRequestsPerMinute, perSeconds: 60 }, 'too many requests; wait a moment and try again');
  }

  /** Spends one request of the party's budget, or throws `rate_limited` (with retryAfterMs). */
  async admit(actor: Actor, type: ClientRequestType): Promise<void> {
    if (OWN_BUDGET.has(type)) return;
    await this.#party.consume(actor.role === 'rep' ? `rep:${actor.rep.id}` : `customer:${actor.sessionId}`);
  }
}
