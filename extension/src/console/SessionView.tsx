import { useId, useState } from 'preact/hooks';
import type { TransferTarget } from '@rs/protocol';
import { TransferDialog } from './TransferDialog.tsx';
import type { StoredAuth } from './stored-auth.ts';
import { ChatLog } from '../ui/ChatLog.tsx';
import { Composer } from '../ui/Composer.tsx';
import type { OpenSession } from './console-state.ts';
import { EndSessionDialog } from './EndSessionDialog.tsx';
import { ScreenPanel } from './ScreenPanel.tsx';
import type { LiveClient } from '../lib/live.ts';
import type { ComponentChildren } from 'preact';
import { recordingLabel } from './Queue.tsx';
import { ElevateControl } from './ElevateControl.tsx';
import { FilesPanel } from '../ui/FilesPanel.tsx';
import { t } from '../i18n/index.ts';

interface SessionViewProps {
  open: OpenSession;
  onSend: (text: string) => Promise<void>;
  /** Loads older transcript lines when the snapshot held only the recent ones. */
  onShowEarlier?: () => Promise<void>;
  onEnd: (mode: 'close' | 'hold') => Promise<void>;
  onDismiss: () => void;
  /** For screen sharing and for transfer (the directory is read with the rep's sign-in); without it neither is shown. */
  auth?: StoredAuth;
  client?: LiveClient | null;
  /** Feature controls under the header (click-to-chat: notices and nudge). */
  tools?: ComponentChildren;
  onTransfer?: (to: TransferTarget) => Promise<void>;
}

const endedBecause = {
  customer_left: 'session.endedCustomerLeft',
  timeout: 'session.endedTimeout',
  rep_closed: 'session.closed',
} as const;

/** One session: transcript, composer, and the way out (End Session while live, Dismiss once closed). */
export function SessionView({ open, onSend, onShowEarlier, onEnd, onDismiss, auth, client, tools, onTransfer }: SessionViewProps) {
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const { session, messages } = open;
  const closed = session.state === 'closed';

  return (
    <section class="panel session" aria-labelledby={headingId}>
      <header class="session-header">
        <h2 id={headingId}>{session.customerName}</h2>
        {closed ? (
          <button type="button" onClick={onDismiss}>
            {t('session.dismiss')}
          </button>
        ) : (
          <div class="row">
            {auth && onTransfer && (
              <button type="button" onClick={() => setTransferring(true)}>
                {t('session.transfer')}
              </button>
            )}
            <button type="button" class="danger" onClick={() => setConfirming(true)}>
              {t('session.end')}
            </button>
          </div>
        )}
      </header>
      <p class="hint">{recordingLabel(session.recordingAllowed)}</p>
      {!closed && tools}
      <ElevateControl client={client ?? null} sessionId={session.id} closed={closed} />
      {closed && <p class="hint">{t(endedBecause[session.endReason as keyof typeof endedBecause] ?? 'session.closed')}</p>}
      {auth && <ScreenPanel auth={auth} client={client ?? null} session={session} />}
      {auth && <FilesPanel client={client ?? null} serverUrl={auth.serverUrl} token={auth.token} sessionId={session.id} side="rep" active={session.state === 'active'} />}
      <ChatLog messages={messages} self="rep" earlier={open.earlier ?? false} onShowEarlier={onShowEarlier} />
      <Composer onSend={onSend} disabled={closed} />
      {confirming && !closed && (
        <EndSessionDialog customerName={session.customerName} onConfirm={onEnd} onCancel={() => setConfirming(false)} />
      )}
      {transferring && !closed && auth && onTransfer && (
        <TransferDialog auth={auth} customerName={session.customerName} onTransfer={onTransfer} onCancel={() => setTransferring(false)} />
      )}
    </section>
  );
}
