import { useId, useState } from 'preact/hooks';
import { errorMessage } from '../lib/errors.ts';
import { useLiveStatus } from '../lib/use-live-status.ts';
import { ConnectionBanner } from '../ui/ConnectionBanner.tsx';
import { Alert } from '../ui/Status.tsx';
import { selectedSession } from './console-state.ts';
import { Queue } from './Queue.tsx';
import { SessionTabs } from './SessionTabs.tsx';
import { SessionView } from './SessionView.tsx';
import type { StoredAuth } from './stored-auth.ts';
import { useConsoleLive } from './use-console-live.ts';
import { AdminPage } from './AdminPage.tsx';
import { SessionTools } from './SessionTools.tsx';
import { GenerateKeyDialog } from './GenerateKeyDialog.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { IntegrationsPanel } from './IntegrationsPanel.tsx';
import { t } from '../i18n/index.ts';

interface WorkspaceProps {
  auth: StoredAuth;
  onSignOut: () => void;
  /** The server refused this sign-in; `message` says why when the server said so. */
  onRejected: (message?: string) => void;
}

/** The signed-in console: who is waiting, and the sessions this rep is serving. */
export function Workspace({ auth, onSignOut, onRejected }: WorkspaceProps) {
  const live = useConsoleLive(auth, onRejected);
  const { status, everOpen } = useLiveStatus(live.client);
  const [error, setError] = useState<string | null>(null);
  const [acceptingId, setAcceptingId] = useState<string | null>(null);
  const [generating, setGenerating] = useState(false);
  /** What the body shows besides the queue and sessions: history, integrations (admins) or settings. */
  const [panel, setPanel] = useState<'sessions' | 'history' | 'integrations' | 'settings'>('sessions');
  const toggle = (p: typeof panel) => setPanel(panel === p ? 'sessions' : p);
  const panelId = useId();
  const { state } = live;
  const current = selectedSession(state);

  async function accept(sessionId: string): Promise<void> {
    setAcceptingId(sessionId);
    setError(null);
    try {
      await live.accept(sessionId);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setAcceptingId(null);
    }
  }

  return (
    <div class="console">
      <header class="console-header">
        <span class="brand">{t('console.brand')}</span>
        {!live.fatal && <ConnectionBanner status={status} everOpen={everOpen} />}
        <button type="button" onClick={() => setGenerating(true)}>
          {t('console.generateKey')}
        </button>
        <button type="button" aria-pressed={panel === 'history'} onClick={() => toggle('history')}>
          {t('console.history')}
        </button>
        {auth.rep.role === 'admin' && (
          <button type="button" aria-pressed={panel === 'integrations'} onClick={() => toggle('integrations')}>
            {t('console.integrations')}
          </button>
        )}
        <span class="signed-in-as">{auth.rep.displayName}</span>
        <button type="button" aria-pressed={panel === 'settings'} onClick={() => toggle('settings')}>
          {t('console.settings')}
        </button>
        <button type="button" onClick={onSignOut}>
          {t('console.signOut')}
        </button>
      </header>
      {live.fatal && <Alert>{live.fatal}</Alert>}
      {error && <Alert>{error}</Alert>}
      {generating && <GenerateKeyDialog auth={auth} onClose={() => setGenerating(false)} />}
      {panel === 'settings' && <AdminPage auth={auth} />}
      {(panel === 'history' || panel === 'integrations') && (
        <div class="console-body console-body--single">{panel === 'history' ? <HistoryPanel auth={auth} /> : <IntegrationsPanel auth={auth} />}</div>
      )}
      <div class="console-body" hidden={panel !== 'sessions'}>
        <Queue entries={state.queue} clockOffsetMs={state.clockOffsetMs} acceptingId={acceptingId} onAccept={(id) => void accept(id)} />
        <div class="sessions">
          {state.sessions.length > 1 && (
            <SessionTabs sessions={state.sessions} selectedId={current?.session.id ?? null} panelId={panelId} onSelect={live.select} />
          )}
          <div id={panelId} role={state.sessions.length > 1 ? 'tabpanel' : undefined}>
            {current ? (
              <SessionView
                key={current.session.id}
                open={current}
                onSend={(text) => live.send(current.session.id, text)}
                onShowEarlier={() => live.showEarlier(current.session.id)}
                onEnd={(mode) => live.end(current.session.id, mode)}
                onTransfer={(to) => live.transfer(current.session.id, to)}
                onDismiss={() => live.dismiss(current.session.id)}
                auth={auth}
                client={live.client}
                tools={<SessionTools auth={auth} client={live.client} sessionId={current.session.id} />}
              />
            ) : (
              <p class="empty panel">{t('console.noSession')}</p>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
