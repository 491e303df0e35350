import { useId, useState } from 'preact/hooks';
import type { SessionKeyView } from '@rs/protocol';
import { emailSessionKey, generateSessionKey } from '../lib/workflow-api.ts';
import { Alert } from '../ui/Status.tsx';
import { ModalDialog } from './ModalDialog.tsx';
import type { StoredAuth } from './stored-auth.ts';
import { useAction } from '../lib/use-action.ts';

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
    if (!incident.trim()) return setError('Enter the incident number.');
    void run(async () => setKey(await generateSessionKey(auth, incident.trim(), email.trim() || null)));
  };

  const send = () => {
    if (!key || !email.trim()) return setError("Enter the customer's email address.");
    void run(async () => setSentTo(await emailSessionKey(auth, key, email.trim())));
  };

  return (
    <ModalDialog title="Generate Session Key" onCancel={onClose}>
      {!key ? (
        <form class="stack" noValidate onSubmit={generate}>
          <label for={ids.incident}>Incident number</label>
          <input id={ids.incident} type="text" value={incident} maxLength={64} onInput={(e) => setIncident(e.currentTarget.value)} />
          <label for={ids.email}>Customer email (optional)</label>
          <input id={ids.email} type="email" value={email} maxLength={254} onInput={(e) => setEmail(e.currentTarget.value)} />
          <div class="row row--end">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" class="primary" disabled={busy}>
              Generate
            </button>
          </div>
        </form>
      ) : (
        <div class="stack">
          <p>
            Session key for incident <strong>{key.incident}</strong>, valid once, until {timeFormat.format(key.expiresAt)}:
          </p>
          <label for={ids.key}>Session key</label>
          <input id={ids.key} class="session-key" type="text" readOnly value={key.key} onFocus={(e) => e.currentTarget.select()} />
          <label for={ids.link}>Session link</label>
          <input id={ids.link} type="text" readOnly value={key.link} onFocus={(e) => e.currentTarget.select()} />
          <p>Would you like to send an email?</p>
          <label for={ids.email}>Customer email</label>
          <input id={ids.email} type="email" value={email} maxLength={254} onInput={(e) => setEmail(e.currentTarget.value)} />
          {sentTo && (
            <p role="status" class="status status--ok">
              Email sent to {sentTo}. An email journal entry was added to {key.incident}.
            </p>
          )}
          <div class="row row--end">
            <button type="button" disabled={busy} onClick={send}>
              Send an email
            </button>
            <button type="button" class="primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      )}
      {error && <Alert>{error}</Alert>}
    </ModalDialog>
  );
}
