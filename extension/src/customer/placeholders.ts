/** The estimated wait as a customer reads it. */
export function formatWait(seconds: number | null): string {
  if (seconds === null) return 'unknown (no representative is available right now)';
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  return minutes === 1 ? 'about 1 minute' : `about ${minutes} minutes`;
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
