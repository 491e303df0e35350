import { useEffect, useRef, useState } from 'preact/hooks';
import type { HostState, SessionView } from '@rs/protocol';
import type { LiveClient } from '../lib/live.ts';
import { useSessionNotice } from '../lib/use-session-notice.ts';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import type { ElevationStatus } from './elevation/gatekeeper.ts';
import { pageElevation } from './elevation/page-elevation.ts';
import { installSteps } from './elevation/install-steps.ts';
import { localInputChanged } from './elevation/control-relay.ts';
import { stopsHelperInput } from '../lib/take-back.ts';
import { t } from '../i18n/index.ts';

interface ElevationPanelProps {
  client: LiveClient | null;
  session: SessionView | null;
  serverUrl: string;
  /** The public site's watermark setting. */
  watermark: boolean;
}

const REPORT: Partial<Record<ElevationStatus['phase'], HostState>> = {
  installing: 'installing',
  connected: 'connected',
  revoked: 'revoked',
  ended: 'ended',
};

/**
 * The customer's side of "Elevate": the representative's request with Allow
 * and Refuse; after Allow, the helper's progress (download and install steps,
 * then connected); and, when the session ends, the order to the helper to
 * remove itself.
 */
export function ElevationPanel({ client, session, serverUrl, watermark }: ElevationPanelProps) {
  const request = useSessionNotice(client, 'elevation', session?.id ?? null);
  const [status, setStatus] = useState<ElevationStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const phaseRef = useRef<ElevationStatus['phase']>('idle');
  const sessionId = session?.id ?? null;
  const ended = session?.state === 'closed';

  // True when the server, not the customer, ended control (the session changed hands, or the server restarted).
  const [endedByServer, setEndedByServer] = useState(false);
  useEffect(() => {
    if (!client || !sessionId) return;
    return client.onNotice((notice) => {
      if (!stopsHelperInput(notice, sessionId) || phaseRef.current !== 'connected') return;
      setEndedByServer(notice.type === 'elevation' || (notice.type === 'share' && notice.reason === 'rep_changed'));
      void pageElevation().revoke();
    });
  }, [client, sessionId]);

  // This page holds the helper (its native port): the status is the gatekeeper's own.
  useEffect(() => {
    const { gatekeeper } = pageElevation();
    setStatus(gatekeeper.status);
    return gatekeeper.statusChanged.on(setStatus);
  }, []);

  // A reloaded chat: the helper stopped with the old page; while the server still has it connected under
  // the customer's Allow, this page takes it over again (no new Allow, no new download).
  const serverState = request?.state ?? null;
  const resumed = useRef(false);
  useEffect(() => {
    if (resumed.current || ended || serverState !== 'connected') return;
    resumed.current = true;
    const elevation = pageElevation();
    if (elevation.gatekeeper.status.phase !== 'idle') return;
    void elevation.resume().then((held) => {
      if (held && elevation.gatekeeper.status.phase === 'idle') void elevation.start(held);
    });
  }, [serverState, ended]);

  // Tell the representative how the helper is doing.
  const phase = status?.phase ?? 'idle';
  phaseRef.current = phase;
  useEffect(() => {
    const host = REPORT[phase];
    if (!host || !client || !sessionId || ended) return;
    client.request({ type: 'elevate.report', sessionId, host }).catch(() => {});
  }, [phase, client, sessionId, ended]);

  // The representative is told when the customer's own mouse pauses them (over the data connection).
  const localInput = status?.localInput ?? false;
  useEffect(() => localInputChanged.emit(localInput), [localInput]);

  // Closing the chat, or the representative closing the session, removes the helper.
  useEffect(() => {
    if (ended) void pageElevation().end();
  }, [ended]);

  async function answer(allow: boolean): Promise<void> {
    if (!client || !sessionId || !request) return;
    setError(null);
    setEndedByServer(false);
    try {
      await client.request({ type: 'elevate.answer', sessionId, allow });
      if (allow) void pageElevation().start({ serverUrl, repName: request.repName, watermark });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  if (ended) return null;
  const asking = request?.state === 'requested';
  return (
    <>
      {asking && (
        <section class="panel elevation" role="region" aria-label={t('elevation.requestRegion')}>
          <p>
            <strong>{t('elevation.asks', { name: request.repName })}</strong>
          </p>
          <p class="hint">{t('elevation.explain', { name: request.repName })}</p>
          <div class="row">
            <button type="button" class="primary" onClick={() => void answer(true)}>
              {t('common.allow')}
            </button>
            <button type="button" onClick={() => void answer(false)}>
              {t('common.refuse')}
            </button>
          </div>
        </section>
      )}
      {!asking && phase === 'connecting' && <p role="status" class="status">{t('elevation.connecting')}</p>}
      {!asking && phase === 'installing' && status?.os && (
        <section class="panel elevation" role="region" aria-label={t('elevation.installRegion')}>
          <p>
            <strong>{t('elevation.installHeading')}</strong>
          </p>
          <ol>
            {installSteps(status.os).map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          <p class="hint">{t('elevation.installHint')}</p>
        </section>
      )}
      {!asking && phase === 'connected' && (
        <section class="panel elevation" role="region" aria-label={t('elevation.controlRegion')}>
          <p role="status" class="status status--ok">
            {t('elevation.hasControl')}
            {status?.localInput && t('elevation.paused')}
          </p>
          <button
            type="button"
            onClick={() => {
              setEndedByServer(false);
              void pageElevation().revoke();
            }}
          >
            {t('elevation.takeBack')}
          </button>
        </section>
      )}
      {!asking && phase === 'revoked' && (
        <p role="status" class="status">
          {endedByServer ? t('elevation.endedByServer') : t('elevation.tookBack')}
        </p>
      )}
      {!asking && phase === 'failed' && status?.error && <Alert>{status.error}</Alert>}
      {error && <Alert>{error}</Alert>}
    </>
  );
}
