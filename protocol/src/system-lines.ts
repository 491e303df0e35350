/**
 * The lines the server writes into a session's transcript (author `system`),
 * one template per event. The transcript keeps the English sentence (ITSM
 * journals and history read it as text); clients read the event back with
 * `readSystemLine` and show it in the reader's language. Append only: a
 * changed template stops old transcripts from being recognised.
 * Transfers to a team come before transfers to a representative: the team
 * sentence would also read as one to a representative named "the X team".
 */
export const SYSTEM_LINES = {
  joined: '{name} joined the session.',
  rep_closed: '{name} closed the session.',
  customer_left: 'The customer has left the conversation.',
  held: "The session has ended on the representative's side. Please keep this window open: another representative will continue shortly.",
  transferred_to_team: '{name} transferred the session to the {team} team.',
  transferred_to_rep: '{name} transferred the session to {target}.',
  file_sent: '{sender} sent {file} ({size}).',
  notice_sent: '{name} sent the notice "{title}".',
  nudge_sent: '{name} sent a nudge.',
  elevation_requested: "{name} asked for full control of the customer's computer.",
  elevation_allowed: 'The customer allowed full control.',
  elevation_refused: 'The customer refused full control.',
  elevation_connected: 'The support helper is connected: full control is on.',
  elevation_revoked: 'The customer took back control.',
  elevation_ended: 'The support helper was removed.',
  elevation_withdrawn: 'The request of {name} for full control was withdrawn.',
  elevation_rep_changed: 'Full control by {name} ended: the session changed hands.',
  elevation_restarted: 'Full control by {name} was taken back: the server restarted.',
} as const;

export type SystemLineCode = keyof typeof SYSTEM_LINES;

/** The transcript sentence for an event, its `{placeholders}` filled. */
export function systemLine(code: SystemLineCode, params: Record<string, string> = {}): string {
  return SYSTEM_LINES[code].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

let patterns: Array<{ code: SystemLineCode; re: RegExp; names: string[] }> | null = null;

/** The event behind a system line, or null for a line no template wrote (older servers, other tools). */
export function readSystemLine(text: string): { code: SystemLineCode; params: Record<string, string> } | null {
  patterns ??= (Object.entries(SYSTEM_LINES) as Array<[SystemLineCode, string]>).map(([code, template]) => {
    const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const source = template
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('(.+?)');
    return { code, re: new RegExp(`^${source}$`, 's'), names };
  });
  for (const { code, re, names } of patterns) {
    const match = re.exec(text);
    if (match) return { code, params: Object.fromEntries(names.map((n, i) => [n, match[i + 1]!])) };
  }
  return null;
}
