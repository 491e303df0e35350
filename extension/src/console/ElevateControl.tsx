import { useState } from 'preact/hooks';
import type { ElevationState } from '@rs/protocol';
import { errorMessage } from '../lib/errors.ts';
import type { LiveClient } from '../lib/live.ts';
import { useSessionNotice } from '../lib/use-session-notice.ts';

const LABEL: Record<ElevationState, string> = {
  requested: 'Waiting for the customer to allow full control…',
  allowed: 'The customer allowed full control. Connecting to their computer…',
  refused: 'The customer refused full control.',
  installing: 'The customer is installing the support helper…',
  connected: 'Full control: the support helper is connected.',
  revoked: 'The customer took back control.',
  ended: 'The support helper was removed.',
};

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
          Elevate
        </button>
      )}
      {state && (
        <span role="status" class="hint">
          {LABEL[state]}
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
