import { formatCount, t } from '../i18n/index.ts';

/**
 * What a person reads when the server throttled them (`rate_limited`): how
 * long to wait, rounded up to whole seconds under a minute and to whole
 * minutes above, since "wait 47 seconds" then "still refused" is worse than
 * a slightly long estimate.
 */
export function waitSentence(retryAfterMs: number | undefined): string {
  return t('errors.waitAndRetry', { wait: waitFor(retryAfterMs) });
}

function waitFor(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return t('errors.aMoment');
  if (ms < 60_000) return formatCount(Math.ceil(ms / 1000), 'second');
  return formatCount(Math.ceil(ms / 60_000), 'minute');
}
