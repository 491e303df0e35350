import { useEffect, useState } from 'preact/hooks';
import type { LiveClient, LiveStatus } from './live.ts';

/** The client's status, plus whether it has ever been open (to say "Reconnecting" rather than "Connecting"). */
export function useLiveStatus(client: LiveClient | null): { status: LiveStatus; everOpen: boolean } {
  const [status, setStatus] = useState<LiveStatus>(client?.status ?? 'connecting');
  const [everOpen, setEverOpen] = useState(client?.status === 'open');
  useEffect(() => {
    if (!client) return;
    setStatus(client.status);
    setEverOpen(client.status === 'open');
    return client.onStatus((next) => {
      setStatus(next);
      if (next === 'open') setEverOpen(true);
    });
  }, [client]);
  return { status, everOpen };
}
