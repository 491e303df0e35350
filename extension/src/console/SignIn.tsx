import { useId, useState } from 'preact/hooks';
import { login } from '../lib/api.ts';
import { errorMessage } from '../lib/errors.ts';
import { normalizeServerUrl } from '../lib/server-url.ts';
import { saveServerUrl } from '../lib/storage.ts';
import { Alert } from '../ui/Status.tsx';
import { saveStoredAuth, type StoredAuth } from './stored-auth.ts';
import { t } from '../i18n/index.ts';

interface SignInProps {
  serverUrl: string;
  onSignedIn: (auth: StoredAuth) => void;
  notice?: string | null;
}

/** Representative sign-in; the server's own message is shown when it refuses. */
export function SignIn({ serverUrl: initialServerUrl, onSignedIn, notice }: SignInProps) {
  const ids = { server: useId(), username: useId(), password: useId() };
  const [serverUrl, setServerUrl] = useState(initialServerUrl);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: Event): Promise<void> {
    event.preventDefault();
    if (busy) return;
    const url = normalizeServerUrl(serverUrl);
    if (!url) {
      setError(t('common.serverUrlInvalid'));
      return;
    }
    if (!username.trim() || !password) {
      setError(t('console.enterCredentials'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const answer = await login({ serverUrl: url }, username.trim(), password);
      const auth = { serverUrl: url, token: answer.token, rep: answer.rep };
      await Promise.all([saveStoredAuth(auth), saveServerUrl(url)]);
      onSignedIn(auth);
    } catch (e) {
      setError(errorMessage(e, { unauthorized: t('errors.signInWrong'), forbidden: t('errors.accountDisabled') }));
      setBusy(false);
    }
  }

  return (
    <main class="page page--narrow">
      <h1>{t('console.title')}</h1>
      {notice && <p class="hint">{notice}</p>}
      <form class="stack" noValidate onSubmit={(e) => void submit(e)}>
        <label for={ids.server}>{t('console.server')}</label>
        <input id={ids.server} type="url" value={serverUrl} spellcheck={false} onInput={(e) => setServerUrl(e.currentTarget.value)} />
        <label for={ids.username}>{t('console.username')}</label>
        <input
          id={ids.username}
          type="text"
          value={username}
          autocomplete="username"
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
        <label for={ids.password}>{t('console.password')}</label>
        <input
          id={ids.password}
          type="password"
          value={password}
          autocomplete="current-password"
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <button type="submit" class="primary" disabled={busy}>
          {t('console.signIn')}
        </button>
        {error && <Alert>{error}</Alert>}
      </form>
    </main>
  );
}
