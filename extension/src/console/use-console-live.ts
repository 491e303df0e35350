import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { ProtocolError, type TransferTarget } from '@rs/protocol';
import { me } from '../lib/api.ts';
import { UiError, errorMessage, isUnauthorized } from '../lib/errors.ts';
import { LiveClient } from '../lib/live.ts';
import { wsUrl } from '../lib/server-url.ts';
import { loadEarlier } from '../lib/transcript.ts';
import { consoleReducer, initialConsoleState, type ConsoleState } from './console-state.ts';
import type { StoredAuth } from './stored-auth.ts';
import { flushRecordings } from './recorder.ts';
import { t } from '../i18n/index.ts';

export interface ConsoleLive {
  client: LiveClient | null;
  state: ConsoleState;
  /** Set when the connection can never work (for example an outdated extension). */
  fatal: string | null;
  accept(sessionId: string): Promise<void>;
  send(sessionId: string, text: string): Promise<void>;
  /** Loads the lines before the oldest one shown ("Show earlier messages"). */
  showEarlier(sessionId: string): Promise<void>;
  end(sessionId: string, mode?: 'close' | 'hold'): Promise<void>;
  transfer(sessionId: string, to: TransferTarget): Promise<void>;
  dismiss(sessionId: string): void;
  select(sessionId: string): void;
}

function connected(client: LiveClient | null): LiveClient {
  if (!client) throw new UiError('closed', t('common.notConnected'));
  return client;
}

/** The representative's live connection: queue, open sessions, and the requests that change them. */
export function useConsoleLive(auth: StoredAuth, onRejected: (message?: string) => void): ConsoleLive {
  const [state, dispatch] = useReducer(consoleReducer, initialConsoleState);
  const [client, setClient] = useState<LiveClient | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);
  const onRejectedRef = useRef(onRejected);
  onRejectedRef.current = onRejected;
  const { serverUrl, token } = auth;

  useEffect(() => {
    const live = new LiveClient({
      url: wsUrl(serverUrl, '/api/ws'),
      token,
      // A refused upgrade looks like any failed connection to a page; /api/me tells an expired token apart.
      isRejected: async () => {
        try {
          await me({ serverUrl, token });
          return false;
        } catch (error) {
          return isUnauthorized(error);
        }
      },
    });
    live.onWelcome((welcome) => dispatch({ type: 'welcome', repId: welcome.rep?.id ?? null }));
    live.onNotice((notice) => {
      if (notice.type !== 'signed_out') return dispatch({ type: 'notice', notice, receivedAt: Date.now() });
      // The server ended this sign-in (disabled, password reset): back to the sign-in form, saying why.
      onRejectedRef.current(t(`signedOut.${notice.reason}`));
      live.close(new ProtocolError('closed', notice.message));
    });
    live.onClosed((reason) => {
      if (reason.code === 'unauthorized') onRejectedRef.current();
      else if (reason.code === 'incompatible') setFatal(errorMessage(reason));
    });
    setClient(live);
    return () => live.close();
  }, [serverUrl, token]);

  return {
    client,
    state,
    fatal,
    async accept(sessionId) {
      const reply = await connected(client).request({ type: 'session.accept', sessionId });
      if (reply.session) dispatch({ type: 'session', session: reply.session, select: true });
    },
    async send(sessionId, text) {
      const reply = await connected(client).request({ type: 'chat.send', sessionId, text });
      if (reply.message) dispatch({ type: 'notice', notice: { type: 'chat', message: reply.message }, receivedAt: Date.now() });
    },
    async showEarlier(sessionId) {
      const open = state.sessions.find((s) => s.session.id === sessionId);
      if (!open) return;
      const page = await loadEarlier(connected(client), sessionId, open.messages);
      dispatch({ type: 'earlier', sessionId, ...page });
    },
    async end(sessionId, mode = 'close') {
      // The recording's last part goes up while this representative may still upload it.
      await flushRecordings(sessionId);
      await connected(client).request({ type: 'session.end', sessionId, mode });
      dispatch({ type: 'remove', sessionId });
    },
    async transfer(sessionId, to) {
      await flushRecordings(sessionId);
      await connected(client).request({ type: 'session.transfer', sessionId, to });
      dispatch({ type: 'remove', sessionId });
    },
    dismiss: (sessionId) => dispatch({ type: 'remove', sessionId }),
    select: (sessionId) => dispatch({ type: 'select', sessionId }),
  };
}
