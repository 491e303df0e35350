import { useId, useState } from 'preact/hooks';
import type { SessionKeyView } from '@rs/protocol';
import { emailSessionKey, generateSessionKey } from '../lib/workflow-api.ts';
import { Alert } from '../ui/Status.tsx';
import { ModalDialog } from './ModalDialog.tsx';
import type { StoredAuth } from './stored-auth.ts';
import { useAction } from '../lib/use-action.ts';
import { t } from '../i18n/index.ts';
import { withSlot } from '../i18n/slot.ts';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Generate Session Key for an incident, then show the key and link and offer to email the invitation. */
export function GenerateKeyDialog({ auth, onClose }: { auth: StoredAuth; onClose: () => void }) {
  const ids = { incident: useId(), email: useId(), link: useId(), key: useId() };
  const [incident, setIncident] = useState('');
  const [email, setEmail] = useState('');
  const [key, setKey] = useState<SessionKeyView | null>(null);
  const { busy, error, setError, run } = useAction();
  const [sentTo, setSentTo] = useState<string | null>(null);

  const generate = (event: Event) => {
    event.preventDefault();
    if (!incident.trim()) return setError(t('key.enterIncident'));
    void run(async () => setKey(await generateSessionKey(auth, incident.trim(), email.trim() || null)));
  };

  const send = () => {
    if (!key || !email.trim()) return setError(t('key.enterEmail'));
    void run(async () => setSentTo(await emailSessionKey(auth, key, email.trim())));
  };

  return (
    <ModalDialog title={t('key.title')} onCancel={onClose}>
      {!key ? (
        <form class="stack" noValidate onSubmit={generate}>
          <label for={ids.incident}>{t('key.incident')}</label>
          <input id={ids.incident} type="text" value={incident} maxLength={64} onInput={(e) => setIncident(e.currentTarget.value)} />
          <label for={ids.email}>{t('key.emailOptional')}</label>
          <input id={ids.email} type="email" value={email} maxLength={254} onInput={(e) => setEmail(e.currentTarget.value)} />
          <div class="row row--end">
            <button type="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" class="primary" disabled={busy}>
              {t('key.generate')}
            </button>
          </div>
        </form>
      ) : (
        <div class="stack">
          <p>{withSlot((incident) => t('key.forIncident', { incident, time: timeFormat.format(key.expiresAt) }), <strong>{key.incident}</strong>)}</p>
          <label for={ids.key}>{t('key.key')}</label>
          <input id={ids.key} class="session-key" type="text" readOnly value={key.key} onFocus={(e) => e.currentTarget.select()} />
          <label for={ids.link}>{t('key.link')}</label>
          <input id={ids.link} type="text" readOnly value={key.link} onFocus={(e) => e.currentTarget.select()} />
          <p>{t('key.askEmail')}</p>
          <label for={ids.email}>{t('key.email')}</label>
          <input id={ids.email} type="email" value={email} maxLength={254} onInput={(e) => setEmail(e.currentTarget.value)} />
          {sentTo && (
            <p role="status" class="status status--ok">
              {t('key.sent', { to: sentTo, incident: key.incident })}
            </p>
          )}
          <div class="row row--end">
            <button type="button" disabled={busy} onClick={send}>
              {t('key.sendEmail')}
            </button>
            <button type="button" class="primary" onClick={onClose}>
              {t('common.done')}
            </button>
          </div>
        </div>
      )}
      {error && <Alert>{error}</Alert>}
    </ModalDialog>
  );
}
