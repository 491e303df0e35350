import { useEffect, useState } from 'preact/hooks';
import type { SessionView } from '@rs/protocol';
import { DEFAULT_SERVER_URL } from '../lib/server-url.ts';
import { loadServerUrl } from '../lib/storage.ts';
import { ChatScreen } from './ChatScreen.tsx';
import { StartScreen } from './StartScreen.tsx';
import { clearStoredSession, loadStoredSession, type StoredSession } from './stored-session.ts';

type View =
  | { kind: 'loading' }
  | { kind: 'start'; notice: string | null }
  | { kind: 'chat'; stored: StoredSession; initialSession: SessionView | null };

/** The customer client: resumes a stored chat after a reload, otherwise starts a new one. */
export function App() {
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [serverUrl, setServerUrl] = useState(DEFAULT_SERVER_URL);

  useEffect(() => {
    void Promise.all([loadServerUrl(), loadStoredSession()]).then(([url, stored]) => {
      setServerUrl(url);
      setView(stored ? { kind: 'chat', stored, initialSession: null } : { kind: 'start', notice: null });
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
        serverUrl={serverUrl}
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
