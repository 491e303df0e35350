import { formatCount, t } from '../i18n/index.ts';

/** The estimated wait as a customer reads it. */
export function formatWait(seconds: number | null): string {
  if (seconds === null) return t('queue.waitUnknown');
  if (seconds < 60) return t('queue.waitUnderMinute');
  return t('queue.waitAbout', { duration: formatCount(Math.round(seconds / 60), 'minute') });
}

export interface WaitInfo {
  position: number;
  estimateSeconds: number | null;
}

/** Fills `{position}` and `{wait}` in an admin's greeting or hold message. The result is shown as text. */
export function fillPlaceholders(template: string, wait: WaitInfo | null): string {
  return template
    .replaceAll('{position}', wait ? String(wait.position) : '…')
    .replaceAll('{wait}', wait ? formatWait(wait.estimateSeconds) : '…');
}
