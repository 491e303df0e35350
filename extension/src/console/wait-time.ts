import { t } from '../i18n/index.ts';
/** `m:ss`, or `h:mm:ss` from an hour on; negative durations (clock skew) read as zero. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * "Waiting 0:07": how long a customer has waited, measured on the server's
 * clock (local time plus the offset learnt from the last `queue` notice).
 */
export function waitLabel(queuedAt: number, localNow: number, clockOffsetMs: number): string {
  return t('queueList.waiting', { duration: formatDuration(localNow + clockOffsetMs - queuedAt) });
}
