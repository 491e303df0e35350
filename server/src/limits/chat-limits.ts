import { ProtocolError } from '@rs/protocol';
import type { Actor } from '../sessions/service.ts';
import type { SessionRecord } from '../store/store.ts';
import type { LimitsConfig } from './config.ts';
import type { Counters, Limiter } from './limiter.ts';

/**
 * What a party may add to a transcript: a budget of lines per minute (a
 * stricter one for a customer nobody is reading yet, queued or held), and a
 * most lines per session. System lines never pass through here, so a session
 * at its cap can still be held, transferred and closed.
 */
export class ChatLimits {
  readonly #party: Limiter;
  readonly #waiting: Limiter;
  readonly #history: Limiter;
  readonly #maxLines: number;

  constructor(counters: Counters, limits: Pick<LimitsConfig, 'chatPerMinute' | 'chatQueuedPerMinute' | 'transcriptMaxLines' | 'chatHistoryPerMinute'>) {
    const message = 'you are sending messages too quickly';
    this.#party = counters.limiter('chat', { points: limits.chatPerMinute, perSeconds: 60 }, message);
    this.#waiting = counters.limiter('chat-waiting', { points: limits.chatQueuedPerMinute, perSeconds: 60 }, message);
    this.#history = counters.limiter('chat-history', { points: limits.chatHistoryPerMinute, perSeconds: 60 }, 'you are loading earlier messages too quickly');
    this.#maxLines = limits.transcriptMaxLines;
  }

  /**
   * Throws `rate_limited` (with retryAfterMs); spends one line of the party's budget otherwise. The
   * transcript cap is `maxLines`, checked by the store as it numbers the line (`Store.appendLine`).
   */
  async admit(actor: Actor, session: SessionRecord): Promise<void> {
    if (actor.role === 'rep') await this.#party.consume(`rep:${actor.rep.id}`);
    else if (session.state === 'queued' || session.state === 'held') await this.#waiting.consume(`customer:${session.id}`);
    else await this.#party.consume(`customer:${session.id}`);
  }

  /** Most lines a transcript keeps (party lines past it are refused). */
  get maxLines(): number {
    return this.#maxLines;
  }

  /** What a party gets for a line past `maxLines`. */
  limitReached(): ProtocolError {
    return new ProtocolError('limit_reached', `This conversation has reached its limit of ${this.#maxLines} messages.`);
  }

  /** Spends one `chat.history` page of the party's budget, or throws `rate_limited`. */
  async admitHistory(actor: Actor, sessionId: string): Promise<void> {
    await this.#history.consume(actor.role === 'rep' ? `rep:${actor.rep.id}` : `customer:${sessionId}`);
  }
}
