import { useId, useState } from 'preact/hooks';
import type { SessionView } from '@rs/protocol';
import { createSession } from '../lib/api.ts';
import { formatSessionKey } from '@rs/protocol';
import { redeemSessionKey } from '../lib/workflow-api.ts';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import { ConnectionSettings } from './ConnectionSettings.tsx';
import { saveStoredSession, type StoredSession } from './stored-session.ts';

interface StartScreenProps {
  serverUrl: string;
  onServerUrlChange: (url: string) => void;
  onStarted: (stored: StoredSession, session: SessionView) => void;
  /** A line to show above the form, e.g. why an earlier chat could not be resumed. */
  notice?: string | null;
  /** A session key from the representative (an emailed link): the chat goes straight to that representative. */
  sessionKey?: string | null;
}

/** Asks for the customer's name and opens a session. */
export function StartScreen({ serverUrl, onServerUrlChange, onStarted, notice, sessionKey = null }: StartScreenProps) {
  const nameId = useId();
  const keyId = useId();
  const [key, setKey] = useState(sessionKey ? formatSessionKey(sessionKey) : '');
  const [name, setName] = useState('');
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start(event: Event): Promise<void> {
    event.preventDefault();
    if (starting) return;
    if (!name.trim()) {
      setError('Please enter your name.');
      return;
    }
    setStarting(true);
    setError(null);
    try {
      const created = key.trim() ? await redeemSessionKey({ serverUrl }, key, name) : await createSession({ serverUrl }, name);
      const stored = { serverUrl, sessionId: created.session.id, customerToken: created.customerToken };
      await saveStoredSession(stored);
      onStarted(stored, created.session);
    } catch (e) {
      setError(errorMessage(e));
      setStarting(false);
    }
  }

  return (
    <main class="page page--narrow">
      <h1>Chat with support</h1>
      {notice && <p class="hint">{notice}</p>}
      {sessionKey ? (
        <p>Your representative's session key is filled in below. Tell us your name to start the chat.</p>
      ) : (
        <p>Tell us your name and a support representative will be with you shortly.</p>
      )}
      <form class="stack" noValidate onSubmit={(e) => void start(e)}>
        <label for={nameId}>Your name</label>
        <input
          id={nameId}
          type="text"
          value={name}
          maxLength={80}
          autocomplete="name"
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <label for={keyId}>Session key (if you have one)</label>
        <input id={keyId} type="text" inputMode="numeric" value={key} maxLength={20} autocomplete="off" onInput={(e) => setKey(e.currentTarget.value)} />
        <button type="submit" class="primary" disabled={starting}>
          Start chat
        </button>
        {error && <Alert>{error}</Alert>}
      </form>
      <ConnectionSettings serverUrl={serverUrl} onSaved={onServerUrlChange} />
    </main>
  );
}
