import { useId, useState } from 'preact/hooks';
import { ChatLog } from '../ui/ChatLog.tsx';
import { Composer } from '../ui/Composer.tsx';
import type { OpenSession } from './console-state.ts';
import { EndSessionDialog } from './EndSessionDialog.tsx';
import { ElevateControl } from './ElevateControl.tsx';
import type { LiveClient } from '../lib/live.ts';

interface SessionViewProps {
  open: OpenSession;
  onSend: (text: string) => Promise<void>;
  onEnd: () => Promise<void>;
  onDismiss: () => void;
  client?: LiveClient | null;
}

const endedBecause: Record<string, string> = {
  customer_left: 'The customer has left. This session is closed.',
  timeout: 'This session timed out and is closed.',
  rep_closed: 'This session is closed.',
};

/** One session: transcript, composer, and the way out (End Session while live, Dismiss once closed). */
export function SessionView({ open, onSend, onEnd, onDismiss, client = null }: SessionViewProps) {
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const { session, messages } = open;
  const closed = session.state === 'closed';

  return (
    <section class="panel session" aria-labelledby={headingId}>
      <header class="session-header">
        <h2 id={headingId}>{session.customerName}</h2>
        {closed ? (
          <button type="button" onClick={onDismiss}>
            Dismiss
          </button>
        ) : (
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            End Session
          </button>
        )}
      </header>
      <ElevateControl client={client} sessionId={session.id} closed={closed} />
      {closed && <p class="hint">{endedBecause[session.endReason ?? 'rep_closed'] ?? 'This session is closed.'}</p>}
      <ChatLog messages={messages} self="rep" />
      <Composer onSend={onSend} disabled={closed} />
      {confirming && !closed && (
        <EndSessionDialog customerName={session.customerName} onConfirm={onEnd} onCancel={() => setConfirming(false)} />
      )}
    </section>
  );
}
