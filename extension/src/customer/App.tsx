import { useEffect, useState } from 'preact/hooks';
import type { SessionView } from '@rs/protocol';
import { DEFAULT_SERVER_URL } from '../lib/server-url.ts';
import { ChatScreen } from './ChatScreen.tsx';
import type { CustomerPlatform, StoredSession } from './platform.ts';
import { StartScreen } from './StartScreen.tsx';
import { usePublicSite } from './use-public-site.ts';
import { clearPendingKey, loadPendingKey, onPendingKey, type PendingKey } from './pending-key.ts';
import { handToExtension, takeLinkKey } from './link-key.ts';
import { onHandedOverSession, takeHandedOverSession } from './handed-over.ts';
import { t, useLanguage, useSiteLanguage } from '../i18n/index.ts';

type View =
  | { kind: 'loading' }
  | { kind: 'handedOver'; session?: boolean }
  | { kind: 'start'; notice: string | null; pending?: PendingKey | null }
  | { kind: 'chat'; stored: StoredSession; initialSession: SessionView | null };

/**
 * The customer client, one source for the extension (full client) and the web
 * chat on the public support page: resumes a stored chat after a reload,
 * otherwise starts a new one through the site's intake steps.
 */
export function App({ platform }: { platform: CustomerPlatform }) {
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [serverUrl, setServerUrl] = useState(DEFAULT_SERVER_URL);
  // A handed-over session key names the server it belongs to; the intake steps come from that server's site.
  const activeUrl = view.kind === 'chat' ? view.stored.serverUrl : view.kind === 'start' && view.pending ? view.pending.serverUrl : serverUrl;
  // Nothing is fetched until the platform named the server: the default URL would send the web chat's first request elsewhere.
  const site = usePublicSite(view.kind === 'loading' ? null : activeUrl, platform.sitePath);
  useLanguage();
  useSiteLanguage(site.site?.site.settings.language ?? null);

  useEffect(() => {
    // An emailed link's session key reaches the extension from the support page (externally connectable);
    // the web chat reads it from its own address, and hands it to the extension when one is installed.
    const extension = platform.kind === 'extension';
    const linkKey = extension ? null : takeLinkKey();
    void Promise.all([platform.loadServerUrl(), platform.loadSession(), extension ? loadPendingKey() : null, extension ? takeHandedOverSession() : null]).then(async ([url, stored, linked, handed]) => {
      setServerUrl(url);
      // A live session the web chat handed over (the customer allowed Elevate there) goes on here.
      if (handed) return setView({ kind: 'chat', stored: handed, initialSession: null });
      if (linkKey && (await handToExtension(url, linkKey))) return setView({ kind: 'handedOver' });
      const pending = linked ?? (linkKey ? { serverUrl: url, key: linkKey } : null);
      // A session key just handed over by the support page (an emailed link) comes first.
      // It is handed to the form once; a later visit starts afresh (the link can be opened again).
      if (pending) {
        setView({ kind: 'start', notice: null, pending });
        if (extension) void clearPendingKey();
      }
      else setView(stored ? { kind: 'chat', stored, initialSession: null } : { kind: 'start', notice: null });
    });
    if (!extension) return undefined;
    const offHandedOver = onHandedOverSession((stored) => setView({ kind: 'chat', stored, initialSession: null }));
    const offPending = onPendingKey((pending) => {
      setView({ kind: 'start', notice: null, pending });
      void clearPendingKey();
    });
    return () => {
      offHandedOver();
      offPending();
    };
  }, [platform]);

  async function backToStart(notice: string | null): Promise<void> {
    await platform.clearSession();
    setView({ kind: 'start', notice });
  }

  if (view.kind === 'loading') return <main class="page" aria-busy="true" />;
  if (view.kind === 'handedOver') {
    return (
      <main class="page page--narrow">
        <h1>{t('customer.title')}</h1>
        <p role="status" class="status">
          {view.session
            ? t('customer.handedOverSession')
            : t('customer.handedOverStart')}
        </p>
      </main>
    );
  }
  if (view.kind === 'start') {
    return (
      <StartScreen
        platform={platform}
        key={view.pending?.key ?? ''}
        serverUrl={activeUrl}
        sessionKey={view.pending?.key ?? null}
        onServerUrlChange={setServerUrl}
        site={site}
        notice={view.notice}
        onStarted={(stored, session) => setView({ kind: 'chat', stored, initialSession: session })}
      />
    );
  }
  return (
    <ChatScreen
      key={view.stored.sessionId}
      platform={platform}
      site={site.site}
      stored={view.stored}
      initialSession={view.initialSession}
      onRejected={() => void backToStart(t('customer.notResumed'))}
      onNewChat={() => void backToStart(null)}
      onHandedOver={() => void platform.clearSession().then(() => setView({ kind: 'handedOver', session: true }))}
    />
  );
}
