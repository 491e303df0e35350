import { useId } from 'preact/hooks';
import type { QueueEntry } from '@rs/protocol';
import { useNow } from '../lib/use-now.ts';
import { waitLabel } from './wait-time.ts';
import { t } from '../i18n/index.ts';

interface QueueProps {
  entries: readonly QueueEntry[];
  clockOffsetMs: number;
  onAccept: (sessionId: string) => void;
  /** The entry being accepted right now, whose button is disabled meanwhile. */
  acceptingId?: string | null;
}

/** Site and recording choice, as one line under the wait time. */
export function queueMeta(entry: QueueEntry): string {
  const parts = [entry.siteName ? t('queueList.site', { name: entry.siteName }) : null, recordingLabel(entry.recordingAllowed)];
  return parts.filter(Boolean).join(' · ');
}

export function recordingLabel(allowed: boolean | null | undefined): string {
  return allowed === true ? t('queueList.recordingAllowed') : allowed === false ? t('queueList.recordingRefused') : t('queueList.recordingNotAsked');
}

/** Waiting customers, oldest first as the server orders them, each with a live wait time. */
export function Queue({ entries, clockOffsetMs, onAccept, acceptingId = null }: QueueProps) {
  const headingId = useId();
  const now = useNow(1_000);
  return (
    <section class="panel queue" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('queueList.heading')}</h2>
      {entries.length === 0 ? (
        <p class="empty">{t('queueList.empty')}</p>
      ) : (
        <ul class="queue-list" role="list">
          {entries.map((entry) => (
            <li key={entry.sessionId} class="queue-item">
              <span class="queue-name">
                {entry.customerName}
                {entry.incident && <span class="queue-tag">{entry.incident}</span>}
                {entry.queue === 'personal' && <span class="queue-tag">{t('queueList.personal')}</span>}
                {entry.held && <span class="queue-tag">{t('queueList.onHold')}</span>}
              </span>
              <span class="queue-wait">{waitLabel(entry.queuedAt, now, clockOffsetMs)}</span>
              <span class="queue-meta">{queueMeta(entry)}</span>
              <button
                type="button"
                class="primary"
                aria-label={t('queueList.acceptName', { name: entry.customerName })}
                disabled={acceptingId === entry.sessionId}
                onClick={() => onAccept(entry.sessionId)}
              >
                {t('queueList.accept')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
