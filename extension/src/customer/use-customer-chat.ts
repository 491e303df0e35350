import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatMessage, Notice, SessionView, WaitNotice } from '@rs/protocol';
import { isServerUp } from '../lib/api.ts';
import { LiveClient } from '../lib/live.ts';
import { wsUrl } from '../lib/server-url.ts';
import { loadEarlier, mergeEarlier, mergeMessage } from '../lib/transcript.ts';
import type { StoredSession } from './platform.ts';
import { t } from '../i18n/index.ts';
import { UiError, errorMessage } from '../lib/errors.ts';

export interface CustomerChat {
  client: LiveClient | null;
  session: SessionView | null;
  messages: ChatMessage[];
  /** Whether the transcript has lines before `messages` (the snapshot carries only the recent ones). */
  earlier: boolean;
  showEarlier(): Promise<void>;
  /** Place in the queue and estimated wait, while queued. */
  wait: WaitNotice | null;
  /** A notice the representative sent, until the customer answers it. */
  notice: Notice | null;
  dismissNotice(): void;
  /** Set when the connection can never work (for example an outdated extension). */
  fatal: string | null;
  send(text: string): Promise<void>;
  leave(): Promise<void>;
  /** Leaves through a notice: no exit survey follows. */
  leaveViaNotice(): Promise<void>;
}

export interface CustomerChatEvents {
  onRejected(): void;
  onEnded(): void;
  onNudge(): void;
  onRepMessage(message: ChatMessage): void;
}

/**
 * The customer's live connection for one stored session. Snapshots from the
 * server replace local state, so a reload or reconnect shows the whole
 * transcript.
 */
export function useCustomerChat(stored: StoredSession, initialSession: SessionView | null, events: CustomerChatEvents): CustomerChat {
  const [client, setClient] = useState<LiveClient | null>(null);
  const [session, setSession] = useState<SessionView | null>(initialSession);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [earlier, setEarlier] = useState(false);
  const [wait, setWait] = useState<WaitNotice | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const eventsRef = useRef(events);
  eventsRef.current = events;
  const { serverUrl, sessionId, customerToken } = stored;

  useEffect(() => {
    const live = new LiveClient({
      url: wsUrl(serverUrl, '/api/ws'),
      token: customerToken,
      // The upgrade's 401 is invisible to pages: if the server is up but the handshake failed, the token is dead.
      isRejected: () => isServerUp({ serverUrl }),
    });
    live.onNotice((n) => {
      if (n.type === 'session' && n.session.id === sessionId) {
        setSession(n.session);
        if (n.messages) {
          setMessages(n.messages);
          setEarlier(n.earlier ?? false);
        }
      } else if (n.type === 'chat' && n.message.sessionId === sessionId) {
        setMessages((current) => mergeMessage(current, n.message));
        if (n.message.author === 'rep') eventsRef.current.onRepMessage(n.message);
      } else if (n.type === 'wait' && n.sessionId === sessionId) {
        setWait(n);
      } else if (n.type === 'notice' && n.sessionId === sessionId) {
        setNotice(n.notice);
      } else if (n.type === 'nudge' && n.sessionId === sessionId) {
        eventsRef.current.onNudge();
      }
    });
    live.onClosed((reason) => {
      if (reason.code === 'unauthorized') eventsRef.current.onRejected();
      else if (reason.code === 'incompatible') setFatal(errorMessage(reason));
    });
    setClient(live);
    return () => live.close();
  }, [serverUrl, sessionId, customerToken]);

  const ended = session?.state === 'closed';
  const endedRef = useRef(false);
  useEffect(() => {
    endedRef.current = ended;
    if (!ended) return;
    // An ended session gets no more news and its token is dead: stop holding (and retrying) the
    // socket, and forget it so that a reload starts afresh. The transcript stays on this page.
    client?.close();
    eventsRef.current.onEnded();
  }, [ended, client]);

  function connected(): LiveClient {
    if (!client) throw new UiError('closed', t('common.notConnected'));
    return client;
  }

  async function send(text: string): Promise<void> {
    const reply = await connected().request({ type: 'chat.send', sessionId, text });
    if (reply.message) {
      const line = reply.message;
      setMessages((current) => mergeMessage(current, line));
    }
  }

  async function showEarlier(): Promise<void> {
    const page = await loadEarlier(connected(), sessionId, messages);
    setMessages((current) => mergeEarlier(current, page.messages));
    setEarlier(page.earlier);
  }

  async function leaveWith(type: 'session.leave' | 'notice.leave'): Promise<void> {
    let reply;
    try {
      reply = await connected().request({ type, sessionId });
    } catch (error) {
      // The server's closed-session notice can come before its reply, and an ended session closes the
      // socket at once (above): the reply is lost, but leaving is exactly what happened.
      if (endedRef.current) return;
      throw error;
    }
    setSession((current) => reply.session ?? (current && { ...current, state: 'closed' }));
  }

  return {
    client,
    session,
    messages,
    earlier,
    showEarlier,
    wait,
    notice,
    dismissNotice: () => setNotice(null),
    fatal,
    send,
    leave: () => leaveWith('session.leave'),
    leaveViaNotice: () => leaveWith('notice.leave'),
  };
}
