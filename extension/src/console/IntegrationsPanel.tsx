import { useEffect, useId, useState } from 'preact/hooks';
import type { ApiToken, Delivery, Integration } from '@rs/protocol';
import { errorMessage } from '../lib/errors.ts';
import { apiTokens, createIntegration, deliveries, issueApiToken, listIntegrations, revokeApiToken } from '../lib/workflow-api.ts';
import { Alert } from '../ui/Status.tsx';
import type { StoredAuth } from './stored-auth.ts';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** ITSM integrations (admins): webhooks with their delivery log, and the integration's API tokens. */
export function IntegrationsPanel({ auth }: { auth: StoredAuth }) {
  const ids = { heading: useId(), name: useId(), url: useId() };
  const [list, setList] = useState<Integration[]>([]);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = () => listIntegrations(auth).then(setList, (e: unknown) => setError(errorMessage(e)));
  useEffect(() => void refresh(), []);

  async function add(event: Event): Promise<void> {
    event.preventDefault();
    setError(null);
    try {
      const created = await createIntegration(auth, name.trim(), url.trim());
      setSecret(created.secret);
      setName('');
      setUrl('');
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <section class="panel history" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>Integrations</h2>
      <form class="history-search" onSubmit={(e) => void add(e)}>
        <div class="stack stack--tight">
          <label for={ids.name}>Integration name</label>
          <input id={ids.name} type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="stack stack--tight">
          <label for={ids.url}>Webhook URL</label>
          <input id={ids.url} type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        </div>
        <button type="submit" class="primary">
          Add webhook
        </button>
      </form>
      {secret && (
        <p role="status" class="status status--ok">
          Webhook secret (shown once; the ITSM verifies signatures with it): <code>{secret}</code>
        </p>
      )}
      {error && <Alert>{error}</Alert>}
      {list.length === 0 && <p class="empty">No integrations yet.</p>}
      {list.map((i) => (
        <article key={i.id} class="integration">
          <header class="session-header">
            <h3>
              {i.name} <span class="hint">{i.webhookUrl}</span>
            </h3>
            <button type="button" aria-expanded={openId === i.id} onClick={() => setOpenId(openId === i.id ? null : i.id)}>
              {`Details of ${i.name}`}
            </button>
          </header>
          {openId === i.id && <IntegrationDetails auth={auth} integration={i} />}
        </article>
      ))}
    </section>
  );
}

function IntegrationDetails({ auth, integration }: { auth: StoredAuth; integration: Integration }) {
  const [log, setLog] = useState<Delivery[] | null>(null);
  const [tokens, setTokens] = useState<ApiToken[]>([]);
  const [issued, setIssued] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    Promise.all([deliveries(auth, integration.id), apiTokens(auth, integration.id)]).then(([d, t]) => {
      setLog(d);
      setTokens(t);
    }, (e: unknown) => setError(errorMessage(e)));
  useEffect(() => void load(), [integration.id]);

  async function act(action: () => Promise<void>): Promise<void> {
    setError(null);
    try {
      await action();
      await load();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <div class="stack">
      <h4>Delivery log</h4>
      {log && log.length === 0 && <p class="empty">Nothing delivered yet.</p>}
      {log && log.length > 0 && (
        <table class="history-table" aria-label={`Delivery log of ${integration.name}`}>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Session</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last answer</th>
            </tr>
          </thead>
          <tbody>
            {log.map((d) => (
              <tr key={d.id}>
                <td>{when.format(d.createdAt)}</td>
                <td>{d.sessionId}</td>
                <td>{d.status}</td>
                <td>{d.attempts}</td>
                <td>{d.lastError ?? (d.lastStatus === null ? '—' : `HTTP ${d.lastStatus}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>API tokens</h4>
      <ul class="transfer-list">
        {tokens.map((t) => (
          <li key={t.id}>
            {t.name} ({t.scopes.join(', ')}), expires {when.format(t.expiresAt)}
            {t.revokedAt === null ? (
              <button type="button" onClick={() => void act(() => revokeApiToken(auth, integration.id, t.id))}>
                {`Revoke ${t.name}`}
              </button>
            ) : (
              <span class="hint"> revoked</span>
            )}
          </li>
        ))}
      </ul>
      <div class="row">
        <button
          type="button"
          onClick={() =>
            void act(async () => {
              const name = `token ${tokens.length + 1}`;
              setIssued({ name, token: await issueApiToken(auth, integration.id, name, ['journal:read', 'history:read'], 90) });
            })
          }
        >
          Issue API token
        </button>
      </div>
      {issued && (
        <p role="status" class="status status--ok">
          API token "{issued.name}" (shown once, 90 days, journal:read and history:read): <code>{issued.token}</code>
        </p>
      )}
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
