import type { EndReason, HistoryDetail, HistorySummary } from '@rs/protocol';
import type { Store } from '../store/store.ts';

const REASONS: Record<EndReason, string> = {
  rep_closed: 'closed by the representative',
  customer_left: 'the customer left',
  timeout: 'timed out',
};

/**
 * The Remote Support History of an ended session, assembled from what the
 * store already keeps: the session, its audit log, transcript, routing, the
 * completed file transfers, the screen recording (its media link needs a representative's sign-in; webhook
 * payloads carry a signed link instead) and the exit survey's answers, labelled
 * with the questions of the customer's public site.
 */
export async function historyDetail(store: Store, sessionId: string): Promise<HistoryDetail | null> {
  const session = await store.session(sessionId);
  if (!session || session.state !== 'closed' || session.endedAt === null || session.endReason === null) return null;
  const [events, transcript, route, synced, recordings, survey, sites] = await Promise.all([
    store.events(sessionId),
    store.messages(sessionId),
    store.workflow.route(sessionId),
    store.workflow.isSynced(sessionId),
    store.recordingsOfSession(sessionId),
    store.clickToChat.survey(sessionId),
    store.clickToChat.sites(),
  ]);
  const recording = recordings.find((r) => r.bytes > 0) ?? null;
  const questions = sites.find((s) => s.id === session.siteId)?.settings.surveyQuestions ?? [];
  const label = (id: string) => questions.find((q) => q.id === id)?.label ?? id;
  const names = new Map<string, string>();
  const nameOf = async (repId: unknown): Promise<string> => {
    if (typeof repId !== 'string') return 'a representative';
    if (!names.has(repId)) names.set(repId, (await store.repById(repId))?.displayName ?? 'a former representative');
    return names.get(repId)!;
  };
  const described: HistoryDetail['events'] = [];
  const repIds: string[] = [];
  for (const e of events) {
    const d = e.data;
    let text: string;
    if (e.kind === 'queued') text = `${session.customerName} requested support${typeof d.incident === 'string' ? ` for incident ${d.incident} (session key)` : ''}.`;
    else if (e.kind === 'accepted') text = `${await nameOf(d.repId)} joined the session.`;
    else if (e.kind === 'held') text = `${await nameOf(d.repId)} put the session on hold.`;
    else if (e.kind === 'transferred') text = `${await nameOf(d.fromRepId)} transferred the session${d.kind === 'rep' ? ` to ${await nameOf(d.repId)}` : ' to a team'}.`;
    else if (e.kind === 'closed') text = `The session ended: ${REASONS[d.reason as EndReason] ?? String(d.reason)}.`;
    else if (e.kind.startsWith('file.') && typeof d.name === 'string') text = `File ${d.name}: ${e.kind.slice(5)}.`;
    else text = e.kind;
    described.push({ kind: e.kind, at: e.at, text });
    for (const id of [d.repId, d.fromRepId]) if (typeof id === 'string' && !repIds.includes(id) && e.kind !== 'closed') repIds.push(id);
  }
  if (session.repId && !repIds.includes(session.repId)) repIds.push(session.repId);
  const repNames = await Promise.all(repIds.map(nameOf));
  return {
    sessionId,
    incident: route?.incident ?? null,
    customerName: session.customerName,
    repNames,
    startedAt: session.createdAt,
    endedAt: session.endedAt,
    endReason: session.endReason,
    synced,
    participants: [
      { role: 'customer', name: session.customerName, repId: null },
      ...repIds.map((id, i) => ({ role: 'rep' as const, name: repNames[i]!, repId: id })),
    ],
    events: described,
    transcript,
    recordingUrl: recording ? `/api/recordings/${encodeURIComponent(recording.id)}/media` : null,
    files: filesOf(events),
    survey: Object.entries(survey?.answers ?? {}).map(([id, answer]) => ({ question: label(id), answer: String(answer) })),
  };
}

/** Completed file transfers, from the audit log: who offered each one tells its direction. */
export function filesOf(events: { kind: string; at: number; data: Record<string, unknown> }[]): HistoryDetail['files'] {
  const offeredBy = new Map(events.filter((e) => e.kind === 'file.offered').map((e) => [e.data.transferId, e.data.by]));
  return events
    .filter((e) => e.kind === 'file.completed' && typeof e.data.name === 'string' && typeof e.data.size === 'number')
    .map((e) => ({
      name: e.data.name as string,
      size: e.data.size as number,
      direction: offeredBy.get(e.data.transferId) === 'rep' ? ('to_customer' as const) : ('from_customer' as const),
      at: e.at,
    }));
}

export function summaryOf(detail: HistoryDetail): HistorySummary {
  const { sessionId, incident, customerName, repNames, startedAt, endedAt, endReason, synced } = detail;
  return { sessionId, incident, customerName, repNames, startedAt, endedAt, endReason, synced };
}

/** A transcript as plain text, for the signed link an ITSM journal shows. */
export function transcriptText(detail: HistoryDetail): string {
  const head = [`Remote support session ${detail.sessionId}`, detail.incident ? `Incident: ${detail.incident}` : null, `Customer: ${detail.customerName}`];
  const lines = detail.transcript.map((m) => `[${new Date(m.at).toISOString()}] ${m.authorName}: ${m.text}`);
  return [...head.filter((l) => l !== null), '', ...lines, ''].join('\n');
}
