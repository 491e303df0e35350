import { useState } from 'preact/hooks';
import type { ElevationState } from '@rs/protocol';
import { errorMessage } from '../lib/errors.ts';
import type { LiveClient } from '../lib/live.ts';
import { useSessionNotice } from '../lib/use-session-notice.ts';
import { t } from '../i18n/index.ts';

const LABEL = {
  requested: 'elevate.requested',
  allowed: 'elevate.allowed',
  refused: 'elevate.refused',
  installing: 'elevate.installing',
  connected: 'elevate.connected',
  revoked: 'elevate.revoked',
  ended: 'elevate.ended',
} as const satisfies Record<ElevationState, string>;

/** "Elevate": asks the customer for full control of their computer, and shows how that is going. */
export function ElevateControl({ client, sessionId, closed }: { client: LiveClient | null; sessionId: string; closed: boolean }) {
  const state = useSessionNotice(client, 'elevation', sessionId)?.state ?? null;
  const [error, setError] = useState<string | null>(null);

  async function elevate(): Promise<void> {
    setError(null);
    try {
      await client?.request({ type: 'elevate.request', sessionId });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const busy = state === 'requested' || state === 'allowed' || state === 'installing' || state === 'connected';
  return (
    <div class="row elevate">
      {!closed && (
        <button type="button" onClick={() => void elevate()} disabled={!client || busy}>
          {t('elevate.button')}
        </button>
      )}
      {state && (
        <span role="status" class="hint">
          {t(LABEL[state])}
        </span>
      )}
      {error && (
        <span role="alert" class="error">
          {error}
        </span>
      )}
    </div>
  );
}
