import { useEffect, useId, useState } from 'preact/hooks';
import type { HistoryDetail, HistorySummary } from '@rs/protocol';
import { errorMessage } from '../lib/errors.ts';
import { historyDetail, searchHistory, type HistorySearch } from '../lib/workflow-api.ts';
import { ChatLog } from '../ui/ChatLog.tsx';
import { Alert } from '../ui/Status.tsx';
import type { StoredAuth } from './stored-auth.ts';
import { RecordingList } from './RecordingList.tsx';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const REASONS: Record<string, string> = { rep_closed: 'Closed by representative', customer_left: 'Customer left', timeout: 'Timed out' };

/** Remote Support History: search by incident, customer and date; open one entry for the whole record. */
export function HistoryPanel({ auth }: { auth: StoredAuth }) {
  const ids = { incident: useId(), customer: useId(), from: useId(), to: useId(), heading: useId() };
  const [search, setSearch] = useState<HistorySearch>({});
  const [entries, setEntries] = useState<HistorySummary[] | null>(null);
  const [detail, setDetail] = useState<HistoryDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load(query: HistorySearch): Promise<void> {
    setError(null);
    try {
      setEntries(await searchHistory(auth, query));
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  useEffect(() => void load({}), []);

  async function open(sessionId: string): Promise<void> {
    try {
      setDetail(await historyDetail(auth, sessionId));
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  if (detail) return <HistoryRecord auth={auth} detail={detail} onBack={() => setDetail(null)} />;
  const field = (id: string, label: string, name: keyof HistorySearch, type: 'text' | 'date' = 'text') => (
    <div class="stack stack--tight">
      <label for={id}>{label}</label>
      <input id={id} type={type as 'text'} value={search[name] ?? ''} onInput={(e) => setSearch({ ...search, [name]: e.currentTarget.value })} />
    </div>
  );
  return (
    <section class="panel history" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>Remote Support History</h2>
      <form
        class="history-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void load(search);
        }}
      >
        {field(ids.incident, 'Incident', 'incident')}
        {field(ids.customer, 'Customer', 'customer')}
        {field(ids.from, 'From', 'from', 'date')}
        {field(ids.to, 'To', 'to', 'date')}
        <button type="submit" class="primary">
          Search
        </button>
      </form>
      {error && <Alert>{error}</Alert>}
      {entries && entries.length === 0 && <p class="empty">No sessions match.</p>}
      {entries && entries.length > 0 && (
        <table class="history-table">
          <thead>
            <tr>
              <th scope="col">Incident</th>
              <th scope="col">Customer</th>
              <th scope="col">Representatives</th>
              <th scope="col">Ended</th>
              <th scope="col">End reason</th>
              <th scope="col">ITSM</th>
              <th scope="col">
                <span class="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.sessionId}>
                <td>{e.incident ?? '—'}</td>
                <td>{e.customerName}</td>
                <td>{e.repNames.join(', ')}</td>
                <td>{when.format(e.endedAt)}</td>
                <td>{REASONS[e.endReason] ?? e.endReason}</td>
                <td>{e.synced ? 'Synced' : 'Not synced'}</td>
                <td>
                  <button type="button" aria-label={`View history of ${e.customerName}`} onClick={() => void open(e.sessionId)}>
                    View
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function HistoryRecord({ auth, detail, onBack }: { auth: StoredAuth; detail: HistoryDetail; onBack: () => void }) {
  const headingId = useId();
  return (
    <section class="panel history" aria-labelledby={headingId}>
      <header class="session-header">
        <h2 id={headingId}>History: {detail.customerName}</h2>
        <button type="button" onClick={onBack}>
          Back to the list
        </button>
      </header>
      <dl class="history-facts">
        <dt>Incident</dt>
        <dd>{detail.incident ?? '—'}</dd>
        <dt>Participants</dt>
        <dd>{detail.participants.map((p) => `${p.name} (${p.role === 'rep' ? 'representative' : 'customer'})`).join(', ')}</dd>
        <dt>Started</dt>
        <dd>{when.format(detail.startedAt)}</dd>
        <dt>Ended</dt>
        <dd>{when.format(detail.endedAt)}</dd>
        <dt>End reason</dt>
        <dd>{REASONS[detail.endReason] ?? detail.endReason}</dd>
        <dt>ITSM</dt>
        <dd>{detail.synced ? 'Synced' : 'Not synced'}</dd>
        <dt>Recording</dt>
        <dd>{detail.recordingUrl ? 'Below' : 'No recording'}</dd>
        <dt>Files transferred</dt>
        <dd>{detail.files.length ? detail.files.map((f) => f.name).join(', ') : 'None'}</dd>
        <dt>Survey</dt>
        <dd>{detail.survey.length ? detail.survey.map((s) => `${s.question}: ${s.answer}`).join('; ') : 'No answers'}</dd>
      </dl>
      {detail.recordingUrl && <RecordingList target={{ serverUrl: auth.serverUrl, token: auth.token }} sessionId={detail.sessionId} version={0} />}
      <h3>Events</h3>
      <ul class="history-events">
        {detail.events.map((e, i) => (
          <li key={i}>
            {when.format(e.at)} {e.text}
          </li>
        ))}
      </ul>
      <h3>Transcript</h3>
      <ChatLog messages={detail.transcript} self="rep" />
    </section>
  );
}
