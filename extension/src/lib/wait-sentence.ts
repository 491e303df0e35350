/**
 * What a person reads when the server throttled them (`rate_limited`): how
 * long to wait, rounded up to whole seconds under a minute and to whole
 * minutes above, since "wait 47 seconds" then "still refused" is worse than
 * a slightly long estimate.
 */
export function waitSentence(retryAfterMs: number | undefined): string {
  return `Too many attempts. Please wait ${waitFor(retryAfterMs)} and try again.`;
}

function waitFor(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0) return 'a moment';
  if (ms < 60_000) {
    const seconds = Math.ceil(ms / 1000);
    return seconds === 1 ? '1 second' : `${seconds} seconds`;
  }
  const minutes = Math.ceil(ms / 60_000);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
