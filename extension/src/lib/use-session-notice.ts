import { useEffect, useState } from 'preact/hooks';
import type { LiveClient, SessionStateNotice } from './live.ts';

/**
 * The latest `permissions` or `elevation` notice of a session: what the
 * client already holds (it came with the session snapshot, maybe before this
 * view mounted), then every new one.
 */
export function useSessionNotice<T extends SessionStateNotice['type']>(
  client: LiveClient | null,
  type: T,
  sessionId: string | null,
): Extract<SessionStateNotice, { type: T }> | null {
  const [notice, setNotice] = useState<Extract<SessionStateNotice, { type: T }> | null>(null);
  useEffect(() => {
    if (!client || !sessionId) return;
    const last = client.latest(type, sessionId);
    if (last) setNotice(last);
    return client.onNotice((n) => {
      if (n.type === type && 'sessionId' in n && n.sessionId === sessionId) setNotice(n as Extract<SessionStateNotice, { type: T }>);
    });
  }, [client, type, sessionId]);
  return notice;
}
