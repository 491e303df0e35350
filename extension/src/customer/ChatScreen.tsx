import { useState } from 'preact/hooks';
import type { SessionView } from '@rs/protocol';
import { errorMessage } from '../lib/errors.ts';
import { useLiveStatus } from '../lib/use-live-status.ts';
import { ChatLog } from '../ui/ChatLog.tsx';
import { Composer } from '../ui/Composer.tsx';
import { ConnectionBanner } from '../ui/ConnectionBanner.tsx';
import { Alert, Status } from '../ui/Status.tsx';
import type { StoredSession } from './stored-session.ts';
import { useCustomerChat } from './use-customer-chat.ts';

interface ChatScreenProps {
  stored: StoredSession;
  initialSession: SessionView | null;
  onRejected: () => void;
  onNewChat: () => void;
}

function statusLine(session: SessionView | null): { text: string; tone: 'info' | 'ok' | 'ended' } {
  if (!session) return { text: 'Connecting to support…', tone: 'info' };
  if (session.state === 'queued') return { text: 'Waiting for a representative…', tone: 'info' };
  if (session.state === 'held') return { text: 'The session has ended on the representative’s side. Waiting for another representative…', tone: 'info' };
  if (session.state === 'active') return { text: `You are chatting with ${session.repName ?? 'a representative'}.`, tone: 'ok' };
  return { text: 'The session has ended.', tone: 'ended' };
}

/** The chat itself: waiting, chatting, and the ended state with the transcript kept on screen. */
export function ChatScreen({ stored, initialSession, onRejected, onNewChat }: ChatScreenProps) {
  const chat = useCustomerChat(stored, initialSession, onRejected);
  const { status, everOpen } = useLiveStatus(chat.client);
  const [error, setError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const ended = chat.session?.state === 'closed';
  const line = statusLine(chat.session);

  async function leave(): Promise<void> {
    setLeaving(true);
    setError(null);
    try {
      await chat.leave();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLeaving(false);
    }
  }

  return (
    <main class="page chat-page">
      <header class="chat-header">
        <h1>Support chat</h1>
        {!ended && (
          <button type="button" onClick={() => void leave()} disabled={leaving}>
            Close chat
          </button>
        )}
      </header>
      <Status tone={line.tone}>{line.text}</Status>
      {!ended && !chat.fatal && <ConnectionBanner status={status} everOpen={everOpen} />}
      {chat.fatal && <Alert>{chat.fatal}</Alert>}
      {error && <Alert>{error}</Alert>}
      <ChatLog messages={chat.messages} self="customer" />
      {ended ? (
        <button type="button" class="primary" onClick={onNewChat}>
          Start a new chat
        </button>
      ) : (
        <Composer onSend={chat.send} disabled={!chat.session} />
      )}
    </main>
  );
}
