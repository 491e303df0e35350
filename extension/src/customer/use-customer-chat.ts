import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatMessage, SessionView } from '@rs/protocol';
import { isServerUp } from '../lib/api.ts';
import { LiveClient } from '../lib/live.ts';
import { wsUrl } from '../lib/server-url.ts';
import { mergeMessage } from '../lib/transcript.ts';
import { clearStoredSession, type StoredSession } from './stored-session.ts';

export interface CustomerChat {
  client: LiveClient | null;
  session: SessionView | null;
  messages: ChatMessage[];
  /** Set when the connection can never work (for example an outdated extension). */
  fatal: string | null;
  send(text: string): Promise<void>;
  leave(): Promise<void>;
}

/**
 * The customer's live connection for one stored session. Snapshots from the
 * server replace local state, so a reload or reconnect shows the whole
 * transcript. `onRejected` runs when the server refuses the stored token.
 */
export function useCustomerChat(stored: StoredSession, initialSession: SessionView | null, onRejected: () => void): CustomerChat {
  const [client, setClient] = useState<LiveClient | null>(null);
  const [session, setSession] = useState<SessionView | null>(initialSession);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [fatal, setFatal] = useState<string | null>(null);
  const onRejectedRef = useRef(onRejected);
  onRejectedRef.current = onRejected;
  const { serverUrl, sessionId, customerToken } = stored;

  useEffect(() => {
    const live = new LiveClient({
      url: wsUrl(serverUrl, '/api/ws'),
      token: customerToken,
      // The upgrade's 401 is invisible to pages: if the server is up but the handshake failed, the token is dead.
      isRejected: () => isServerUp({ serverUrl }),
    });
    live.onNotice((notice) => {
      if (notice.type === 'session' && notice.session.id === sessionId) {
        setSession(notice.session);
        if (notice.messages) setMessages(notice.messages);
      } else if (notice.type === 'chat' && notice.message.sessionId === sessionId) {
        setMessages((current) => mergeMessage(current, notice.message));
      }
    });
    live.onClosed((reason) => {
      if (reason.code === 'unauthorized') onRejectedRef.current();
      else if (reason.code === 'incompatible') setFatal(reason.message);
    });
    setClient(live);
    return () => live.close();
  }, [serverUrl, sessionId, customerToken]);

  const ended = session?.state === 'closed';
  useEffect(() => {
    if (!ended) return;
    // An ended session gets no more news and its token is dead: stop holding (and retrying) the
    // socket, and forget it so that a reload starts afresh. The transcript stays on this page.
    client?.close();
    void clearStoredSession();
  }, [ended, client]);

  async function send(text: string): Promise<void> {
    if (!client) throw new Error('Not connected to the support server yet.');
    const reply = await client.request({ type: 'chat.send', sessionId, text });
    if (reply.message) {
      const line = reply.message;
      setMessages((current) => mergeMessage(current, line));
    }
  }

  async function leave(): Promise<void> {
    if (!client) throw new Error('Not connected to the support server yet.');
    const reply = await client.request({ type: 'session.leave', sessionId });
    setSession((current) => reply.session ?? (current && { ...current, state: 'closed' }));
  }

  return { client, session, messages, fatal, send, leave };
}
