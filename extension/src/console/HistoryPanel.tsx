import { useEffect, useId, useState } from 'preact/hooks';
import type { HistoryDetail, HistorySummary } from '@rs/protocol';
import { errorMessage } from '../lib/errors.ts';
import { historyDetail, searchHistory, type HistorySearch } from '../lib/workflow-api.ts';
import { ChatLog } from '../ui/ChatLog.tsx';
import { Alert } from '../ui/Status.tsx';
import type { StoredAuth } from './stored-auth.ts';
import { RecordingList } from './RecordingList.tsx';
import { t } from '../i18n/index.ts';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });
const REASONS = { rep_closed: 'historyPanel.rep_closed', customer_left: 'historyPanel.customer_left', timeout: 'historyPanel.timeout' } as const;
const reason = (r: string): string => (r in REASONS ? t(REASONS[r as keyof typeof REASONS]) : r);

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
      <h2 id={ids.heading}>{t('historyPanel.heading')}</h2>
      <form
        class="history-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void load(search);
        }}
      >
        {field(ids.incident, t('historyPanel.incident'), 'incident')}
        {field(ids.customer, t('historyPanel.customer'), 'customer')}
        {field(ids.from, t('historyPanel.from'), 'from', 'date')}
        {field(ids.to, t('historyPanel.to'), 'to', 'date')}
        <button type="submit" class="primary">
          {t('historyPanel.search')}
        </button>
      </form>
      {error && <Alert>{error}</Alert>}
      {entries && entries.length === 0 && <p class="empty">{t('historyPanel.none')}</p>}
      {entries && entries.length > 0 && (
        <table class="history-table">
          <thead>
            <tr>
              <th scope="col">{t('historyPanel.incident')}</th>
              <th scope="col">{t('historyPanel.customer')}</th>
              <th scope="col">{t('historyPanel.reps')}</th>
              <th scope="col">{t('historyPanel.ended')}</th>
              <th scope="col">{t('historyPanel.endReason')}</th>
              <th scope="col">{t('historyPanel.itsm')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('historyPanel.open')}</span>
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
                <td>{reason(e.endReason)}</td>
                <td>{e.synced ? t('historyPanel.synced') : t('historyPanel.notSynced')}</td>
                <td>
                  <button type="button" aria-label={t('historyPanel.viewOf', { name: e.customerName })} onClick={() => void open(e.sessionId)}>
                    {t('historyPanel.view')}
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
        <h2 id={headingId}>{t('historyPanel.recordHeading', { name: detail.customerName })}</h2>
        <button type="button" onClick={onBack}>
          {t('historyPanel.back')}
        </button>
      </header>
      <dl class="history-facts">
        <dt>{t('historyPanel.incident')}</dt>
        <dd>{detail.incident ?? '—'}</dd>
        <dt>{t('historyPanel.participants')}</dt>
        <dd>{detail.participants.map((p) => t(p.role === 'rep' ? 'historyPanel.asRep' : 'historyPanel.asCustomer', { name: p.name })).join(', ')}</dd>
        <dt>{t('historyPanel.started')}</dt>
        <dd>{when.format(detail.startedAt)}</dd>
        <dt>{t('historyPanel.ended')}</dt>
        <dd>{when.format(detail.endedAt)}</dd>
        <dt>{t('historyPanel.endReason')}</dt>
        <dd>{reason(detail.endReason)}</dd>
        <dt>{t('historyPanel.itsm')}</dt>
        <dd>{detail.synced ? t('historyPanel.synced') : t('historyPanel.notSynced')}</dd>
        <dt>{t('historyPanel.recording')}</dt>
        <dd>{detail.recordingUrl ? t('historyPanel.below') : t('historyPanel.noRecording')}</dd>
        <dt>{t('historyPanel.files')}</dt>
        <dd>{detail.files.length ? detail.files.map((f) => f.name).join(', ') : t('historyPanel.noFiles')}</dd>
        <dt>{t('historyPanel.survey')}</dt>
        <dd>{detail.survey.length ? detail.survey.map((s) => `${s.question}: ${s.answer}`).join('; ') : t('historyPanel.noAnswers')}</dd>
      </dl>
      {detail.recordingUrl && <RecordingList target={{ serverUrl: auth.serverUrl, token: auth.token }} sessionId={detail.sessionId} version={0} />}
      <h3>{t('historyPanel.events')}</h3>
      <ul class="history-events">
        {detail.events.map((e, i) => (
          <li key={i}>
            {when.format(e.at)} {e.text}
          </li>
        ))}
      </ul>
      <h3>{t('historyPanel.transcript')}</h3>
      <ChatLog messages={detail.transcript} self="rep" />
    </section>
  );
}
