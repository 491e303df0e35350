import { useEffect, useId, useState } from 'preact/hooks';
import type { ApiToken, Delivery, Integration } from '@rs/protocol';
import { errorMessage } from '../lib/errors.ts';
import { apiTokens, createIntegration, deliveries, issueApiToken, listIntegrations, revokeApiToken } from '../lib/workflow-api.ts';
import { Alert } from '../ui/Status.tsx';
import type { StoredAuth } from './stored-auth.ts';
import { t } from '../i18n/index.ts';

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
      <h2 id={ids.heading}>{t('integrations.heading')}</h2>
      <form class="history-search" onSubmit={(e) => void add(e)}>
        <div class="stack stack--tight">
          <label for={ids.name}>{t('integrations.name')}</label>
          <input id={ids.name} type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="stack stack--tight">
          <label for={ids.url}>{t('integrations.url')}</label>
          <input id={ids.url} type="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        </div>
        <button type="submit" class="primary">
          {t('integrations.add')}
        </button>
      </form>
      {secret && (
        <p role="status" class="status status--ok">
          {t('integrations.secret')} <code>{secret}</code>
        </p>
      )}
      {error && <Alert>{error}</Alert>}
      {list.length === 0 && <p class="empty">{t('integrations.none')}</p>}
      {list.map((i) => (
        <article key={i.id} class="integration">
          <header class="session-header">
            <h3>
              {i.name} <span class="hint">{i.webhookUrl}</span>
            </h3>
            <button type="button" aria-expanded={openId === i.id} onClick={() => setOpenId(openId === i.id ? null : i.id)}>
              {t('integrations.details', { name: i.name })}
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
    Promise.all([deliveries(auth, integration.id), apiTokens(auth, integration.id)]).then(([d, list]) => {
      setLog(d);
      setTokens(list);
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
      <h4>{t('integrations.log')}</h4>
      {log && log.length === 0 && <p class="empty">{t('integrations.nothingDelivered')}</p>}
      {log && log.length > 0 && (
        <table class="history-table" aria-label={t('integrations.logOf', { name: integration.name })}>
          <thead>
            <tr>
              <th scope="col">{t('integrations.created')}</th>
              <th scope="col">{t('integrations.session')}</th>
              <th scope="col">{t('integrations.status')}</th>
              <th scope="col">{t('integrations.attempts')}</th>
              <th scope="col">{t('integrations.lastAnswer')}</th>
            </tr>
          </thead>
          <tbody>
            {log.map((d) => (
              <tr key={d.id}>
                <td>{when.format(d.createdAt)}</td>
                <td>{d.sessionId}</td>
                <td>{t(`integrations.delivery.${d.status}`)}</td>
                <td>{d.attempts}</td>
                <td>{d.lastError ?? (d.lastStatus === null ? '—' : `HTTP ${d.lastStatus}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4>{t('integrations.tokens')}</h4>
      <ul class="transfer-list">
        {tokens.map((token) => (
          <li key={token.id}>
            {t('integrations.tokenLine', { name: token.name, scopes: token.scopes.join(', '), date: when.format(token.expiresAt) })}
            {token.revokedAt === null ? (
              <button type="button" onClick={() => void act(() => revokeApiToken(auth, integration.id, token.id))}>
                {t('integrations.revoke', { name: token.name })}
              </button>
            ) : (
              <span class="hint">{t('integrations.revoked')}</span>
            )}
          </li>
        ))}
      </ul>
      <div class="row">
        <button
          type="button"
          onClick={() =>
            void act(async () => {
              const name = t('integrations.tokenName', { n: tokens.length + 1 });
              setIssued({ name, token: await issueApiToken(auth, integration.id, name, ['journal:read', 'history:read'], 90) });
            })
          }
        >
          {t('integrations.issue')}
        </button>
      </div>
      {issued && (
        <p role="status" class="status status--ok">
          {t('integrations.issued', { name: issued.name })} <code>{issued.token}</code>
        </p>
      )}
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
