import { useEffect, useState } from 'preact/hooks';
import { logout, me } from '../lib/api.ts';
import { isUnauthorized } from '../lib/errors.ts';
import { DEFAULT_SERVER_URL } from '../lib/server-url.ts';
import { loadServerUrl } from '../lib/storage.ts';
import { SignIn } from './SignIn.tsx';
import { clearStoredAuth, loadStoredAuth, saveStoredAuth, type StoredAuth } from './stored-auth.ts';
import { Workspace } from './Workspace.tsx';
import { flushRecordings } from './recorder.ts';
import { t, useLanguage } from '../i18n/index.ts';

type View = { kind: 'loading' } | { kind: 'signin'; notice: string | null } | { kind: 'workspace'; auth: StoredAuth };

/** Checks the stored sign-in with the server on load; an expired token goes back to the sign-in form. */
async function restore(): Promise<StoredAuth | null> {
  const auth = await loadStoredAuth();
  if (!auth) return null;
  try {
    const rep = await me(auth);
    const fresh = { ...auth, rep };
    await saveStoredAuth(fresh);
    return fresh;
  } catch (error) {
    if (!isUnauthorized(error)) return auth; // server away: stay signed in, the live connection retries
    await clearStoredAuth();
    return null;
  }
}

/** The representative console. */
export function App() {
  useLanguage(() => t('console.title'));
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [serverUrl, setServerUrl] = useState(DEFAULT_SERVER_URL);

  useEffect(() => {
    void Promise.all([loadServerUrl(), restore()]).then(([url, auth]) => {
      setServerUrl(auth?.serverUrl ?? url);
      setView(auth ? { kind: 'workspace', auth } : { kind: 'signin', notice: null });
    });
  }, []);

  async function signOut(auth: StoredAuth, notice: string | null, tellServer: boolean): Promise<void> {
    setView({ kind: 'signin', notice });
    setServerUrl(auth.serverUrl);
    await clearStoredAuth();
    // Leaving the workspace stopped any recording; its last part goes up before the sign-in is revoked.
    if (!tellServer) return;
    await flushRecordings();
    await logout(auth).catch(() => {});
  }

  if (view.kind === 'loading') return <main class="page" aria-busy="true" />;
  if (view.kind === 'signin') {
    return <SignIn serverUrl={serverUrl} notice={view.notice} onSignedIn={(auth) => setView({ kind: 'workspace', auth })} />;
  }
  const { auth } = view;
  return (
    <Workspace
      auth={auth}
      onSignOut={() => void signOut(auth, null, true)}
      onRejected={(message) => void signOut(auth, message ?? t('signedOut.expired'), false)}
    />
  );
}
