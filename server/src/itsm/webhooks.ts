import type { Delivery, HistoryDetail, WebhookPayload } from '@rs/protocol';
import type { Store } from '../store/store.ts';
import { randomId } from '../auth/secrets.ts';
import { historyDetail } from '../workflow/history.ts';
import { signWebhook, signedUrl } from './signing.ts';
import { OUTCOME_TEXT, postWebhook, type WebhookPost } from './deliver.ts';
import { log } from '../observability/log.ts';

export interface WebhookOptions {
  store: Store;
  publicUrl: string;
  urlSecret: string;
  signedUrlTtlMs: number;
  maxAttempts: number;
  retryBaseMs: number;
  /** WEBHOOK_ALLOW_PRIVATE: deliver to loopback, private and link-local addresses too. */
  allowPrivate: boolean;
  now?: () => number;
  post?: WebhookPost;
  /** Counts a failed attempt: `retry` when another follows, `failed` when the delivery is given up. */
  onFailure?: (outcome: 'retry' | 'failed') => void;
}

/** How long a claimed attempt keeps a delivery from other nodes: past the post's 10 s timeout, so only a dead node's claim lapses. */
const CLAIM_LEASE_MS = 60_000;

/** Delay before attempt n+1 after n failed attempts: base, 2*base, 4*base... capped at one hour. */
export const backoffMs = (base: number, failedAttempts: number): number => Math.min(base * 2 ** Math.max(0, failedAttempts - 1), 3_600_000);

/** The signed links an ITSM journal shows: the transcript (and the recording, once recordings exist). */
export function transcriptPath(sessionId: string): string {
  return `/api/history/${encodeURIComponent(sessionId)}/transcript`;
}

/** The signed counterpart of a history's recording link, for the ITSM journal. */
export function recordingPath(sessionId: string): string {
  return `/api/history/${encodeURIComponent(sessionId)}/recording`;
}

/**
 * Delivers each ended session's history to every integration's webhook:
 * HMAC-signed, retried with exponential backoff, every attempt in the
 * delivery log. Deliveries are rows in the store, so a restart resumes them.
 */
export class WebhookDispatcher {
  readonly #o: Required<WebhookOptions>;
  readonly #ticker: NodeJS.Timeout;
  #running: Promise<void> | null = null;
  #closed = false;

  constructor(options: WebhookOptions) {
    this.#o = { now: Date.now, post: postWebhook, onFailure: () => {}, ...options };
    this.#ticker = setInterval(() => this.kick(), Math.min(1_000, this.#o.retryBaseMs));
    this.#ticker.unref();
  }

  /** Queues this session's history for every integration and tries at once. */
  async enqueue(sessionId: string): Promise<void> {
    await this.record(sessionId);
    this.kick();
  }

  /** Writes this session's deliveries (in the caller's transaction, when there is one); `kick` posts them. */
  async record(sessionId: string): Promise<void> {
    const now = this.#o.now();
    for (const integration of await this.#o.store.workflow.integrations()) {
      await this.#o.store.workflow.createDelivery({
        id: randomId(), integrationId: integration.id, sessionId, status: 'pending', attempts: 0,
        lastStatus: null, lastError: null, nextAttemptAt: now, deliveredAt: null, createdAt: now,
      });
    }
  }

  /** Runs the due deliveries (one pass at a time); resolves when that pass is done. */
  kick(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#running ??= this.#pass().finally(() => (this.#running = null));
    return this.#running;
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#ticker);
  }

  payload(deliveryId: string, history: HistoryDetail, now: number): WebhookPayload {
    const expires = now + this.#o.signedUrlTtlMs;
    const { transcript: _t, recordingUrl, synced: _s, ...rest } = history;
    return {
      type: 'remote_support_history',
      deliveryId,
      sentAt: now,
      history: {
        ...rest,
        transcriptUrl: signedUrl(this.#o.urlSecret, this.#o.publicUrl, transcriptPath(history.sessionId), expires),
        recordingUrl: recordingUrl ? signedUrl(this.#o.urlSecret, this.#o.publicUrl, recordingPath(history.sessionId), expires) : null,
      },
    };
  }

  async #pass(): Promise<void> {
    try {
      for (const d of await this.#o.store.workflow.dueDeliveries(this.#o.now(), 20)) {
        if (this.#closed) return;
        // Every node passes over the same due rows: one claims each attempt, with a lease past the post's timeout.
        if (d.nextAttemptAt === null || !(await this.#o.store.workflow.claimDelivery(d.id, d.nextAttemptAt, this.#o.now() + CLAIM_LEASE_MS))) continue;
        await this.#attempt(d);
      }
    } catch (err) {
      if (!this.#closed) log.error({ err }, 'webhook pass failed');
    }
  }

  async #attempt(d: Delivery): Promise<void> {
    const store = this.#o.store.workflow;
    const integration = await store.integration(d.integrationId);
    const history = await historyDetail(this.#o.store, d.sessionId);
    if (!integration || !history) {
      await store.updateDelivery(d.id, { status: 'failed', lastError: 'the integration or the session no longer exists', nextAttemptAt: null });
      return;
    }
    const now = this.#o.now();
    const body = JSON.stringify(this.payload(d.id, history, now));
    const outcome = await this.#o.post(integration.webhookUrl, {
      headers: { 'content-type': 'application/json', 'x-rs-delivery': d.id, 'x-rs-signature': signWebhook(integration.secret, body, now) },
      body,
      allowPrivate: this.#o.allowPrivate,
      timeoutMs: 10_000,
    });
    const attempts = d.attempts + 1;
    // The log names the outcome only: never the target's status code or body (see deliver.ts).
    if (outcome.kind === 'delivered') {
      await store.updateDelivery(d.id, { status: 'delivered', attempts, lastStatus: null, lastError: null, nextAttemptAt: null, deliveredAt: this.#o.now() });
    } else if (outcome.kind === 'blocked') {
      // Not retried: the address was refused before any connection, and asking again would only repeat the probe.
      await store.updateDelivery(d.id, { status: 'failed', attempts, lastStatus: null, lastError: `blocked address: ${outcome.reason}`, nextAttemptAt: null });
      this.#failed('failed', d, integration.id, outcome.kind);
    } else if (attempts >= this.#o.maxAttempts) {
      await store.updateDelivery(d.id, { status: 'failed', attempts, lastStatus: null, lastError: OUTCOME_TEXT[outcome.kind], nextAttemptAt: null });
      this.#failed('failed', d, integration.id, outcome.kind);
    } else {
      await store.updateDelivery(d.id, { attempts, lastStatus: null, lastError: OUTCOME_TEXT[outcome.kind], nextAttemptAt: this.#o.now() + backoffMs(this.#o.retryBaseMs, attempts) });
      this.#failed('retry', d, integration.id, outcome.kind);
    }
  }

  #failed(outcome: 'retry' | 'failed', d: Delivery, integrationId: string, kind: string): void {
    this.#o.onFailure(outcome);
    log.warn({ deliveryId: d.id, integrationId, attempts: d.attempts + 1, outcome: kind }, outcome === 'failed' ? 'webhook delivery given up' : 'webhook attempt failed; retrying');
  }
}
