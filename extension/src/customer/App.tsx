import { useEffect, useState } from 'preact/hooks';
import type { SessionView } from '@rs/protocol';
import { DEFAULT_SERVER_URL } from '../lib/server-url.ts';
import { loadServerUrl } from '../lib/storage.ts';
import { ChatScreen } from './ChatScreen.tsx';
import { StartScreen } from './StartScreen.tsx';
import { clearStoredSession, loadStoredSession, type StoredSession } from './stored-session.ts';
import { clearPendingKey, loadPendingKey, onPendingKey, type PendingKey } from './pending-key.ts';

type View =
  | { kind: 'loading' }
  | { kind: 'start'; notice: string | null; pending?: PendingKey | null }
  | { kind: 'chat'; stored: StoredSession; initialSession: SessionView | null };

/** The customer client: resumes a stored chat after a reload, otherwise starts a new one. */
export function App() {
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [serverUrl, setServerUrl] = useState(DEFAULT_SERVER_URL);

  useEffect(() => {
    void Promise.all([loadServerUrl(), loadStoredSession(), loadPendingKey()]).then(([url, stored, pending]) => {
      setServerUrl(url);
      // A session key just handed over by the support page (an emailed link) comes first.
      // It is handed to the form once; a later visit starts afresh (the link can be opened again).
      if (pending) {
        setView({ kind: 'start', notice: null, pending });
        void clearPendingKey();
      }
      else setView(stored ? { kind: 'chat', stored, initialSession: null } : { kind: 'start', notice: null });
    });
    return onPendingKey((pending) => {
      setView({ kind: 'start', notice: null, pending });
      void clearPendingKey();
    });
  }, []);

  async function backToStart(notice: string | null): Promise<void> {
    await clearStoredSession();
    setView({ kind: 'start', notice });
  }

  if (view.kind === 'loading') return <main class="page" aria-busy="true" />;
  if (view.kind === 'start') {
    return (
      <StartScreen
        key={view.pending?.key ?? ''}
        serverUrl={view.pending?.serverUrl ?? serverUrl}
        sessionKey={view.pending?.key ?? null}
        onServerUrlChange={setServerUrl}
        notice={view.notice}
        onStarted={(stored, session) => setView({ kind: 'chat', stored, initialSession: session })}
      />
    );
  }
  return (
    <ChatScreen
      key={view.stored.sessionId}
      stored={view.stored}
      initialSession={view.initialSession}
      onRejected={() => void backToStart('Your previous chat could not be resumed. Start a new one below.')}
      onNewChat={() => void backToStart(null)}
    />
  );
}
