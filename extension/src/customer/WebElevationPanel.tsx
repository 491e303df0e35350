import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionView } from '@rs/protocol';
import type { LiveClient } from '../lib/live.ts';
import { useSessionNotice } from '../lib/use-session-notice.ts';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import type { StoredSession } from './platform.ts';
import { chromeExtensionLink, handOverWhenInstalled, loadExtensionConfig } from './handover.ts';
import { t } from '../i18n/index.ts';

interface WebElevationPanelProps {
  client: LiveClient | null;
  session: SessionView | null;
  stored: StoredSession;
  /** The support extension took the session: this page stops its chat. */
  onHandedOver: () => void;
}

type Phase = { kind: 'idle' } | { kind: 'checking' } | { kind: 'missing'; installUrl: string | null };

/**
 * "Elevate" in the web chat, which has no helper to start: the
 * representative's request with Allow and Refuse, as in the extension. Allow
 * hands the live session to the support extension (the full client), which
 * shows the request again and installs the helper; without the extension,
 * short steps to install it, and the hand-over as soon as it answers.
 */
export function WebElevationPanel({ client, session, stored, onHandedOver }: WebElevationPanelProps) {
  const request = useSessionNotice(client, 'elevation', session?.id ?? null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const checking = useRef<AbortController | null>(null);
  const sessionId = session?.id ?? null;
  const asking = request?.state === 'requested' && session?.state === 'active';

  // No request pending any more (answered, withdrawn, the session ended): stop checking for the extension.
  useEffect(() => {
    if (asking) return;
    checking.current?.abort();
    setPhase({ kind: 'idle' });
  }, [asking]);
  useEffect(() => () => checking.current?.abort(), []);

  async function allow(): Promise<void> {
    setError(null);
    checking.current?.abort();
    const abort = (checking.current = new AbortController());
    setPhase({ kind: 'checking' });
    try {
      const { extensionIds, installUrl } = await loadExtensionConfig(stored.serverUrl);
      const session = { sessionId: stored.sessionId, customerToken: stored.customerToken };
      const onMissing = () => setPhase({ kind: 'missing', installUrl });
      if (await handOverWhenInstalled(chromeExtensionLink(extensionIds), session, { signal: abort.signal, onMissing })) onHandedOver();
    } catch (e) {
      setPhase({ kind: 'idle' });
      setError(errorMessage(e));
    }
  }

  async function refuse(): Promise<void> {
    if (!client || !sessionId) return;
    setError(null);
    checking.current?.abort();
    try {
      await client.request({ type: 'elevate.answer', sessionId, allow: false });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  if (!asking) return error ? <Alert>{error}</Alert> : null;
  return (
    <>
      {phase.kind !== 'missing' ? (
        <section class="panel elevation" role="region" aria-label={t('elevation.requestRegion')}>
          <p>
            <strong>{t('elevation.asks', { name: request.repName })}</strong>
          </p>
          <p class="hint">{t('elevation.explainWeb', { name: request.repName })}</p>
          <div class="row">
            <button type="button" class="primary" disabled={phase.kind === 'checking'} onClick={() => void allow()}>
              {t('common.allow')}
            </button>
            <button type="button" onClick={() => void refuse()}>
              {t('common.refuse')}
            </button>
          </div>
        </section>
      ) : (
        <section class="panel elevation" role="region" aria-label={t('elevation.extensionRegion')}>
          <p>
            <strong>{t('elevation.extensionHeading')}</strong>
          </p>
          <ol>
            <li>
              {phase.installUrl ? (
                <a href={phase.installUrl} target="_blank" rel="noopener noreferrer">
                  {t('elevation.getExtension')}
                </a>
              ) : (
                t('elevation.askWhere')
              )}{' '}
              {t('elevation.addIt')}
            </li>
            <li>{t('elevation.comeBack')}</li>
          </ol>
          <p role="status" class="hint">
            {t('elevation.waitingForExtension')}
          </p>
          <button type="button" onClick={() => void refuse()}>
            {t('common.refuse')}
          </button>
        </section>
      )}
      {error && <Alert>{error}</Alert>}
    </>
  );
}
