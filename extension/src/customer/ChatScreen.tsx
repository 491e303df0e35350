import { useState } from 'preact/hooks';
import type { PublicSiteResponse, SessionView } from '@rs/protocol';
import { submitSurvey } from '../lib/click-to-chat-api.ts';
import { errorMessage } from '../lib/errors.ts';
import { useLiveStatus } from '../lib/use-live-status.ts';
import { ChatLog } from '../ui/ChatLog.tsx';
import { Composer } from '../ui/Composer.tsx';
import { ConnectionBanner } from '../ui/ConnectionBanner.tsx';
import { Alert, Status } from '../ui/Status.tsx';
import { NoticeCard } from './NoticeCard.tsx';
import { playAlert } from './nudge-alert.ts';
import { notifyIfAway, type CustomerPlatform, type StoredSession } from './platform.ts';
import { QueueWait } from './QueueWait.tsx';
import { RepAvatar } from './RepAvatar.tsx';
import { SurveyForm } from './SurveyForm.tsx';
import { useCustomerChat } from './use-customer-chat.ts';
import { relayControl } from './elevation/control-relay.ts';
import { ScreenShareBar } from './ScreenShareBar.tsx';
import { useFontSize } from './use-font-size.ts';
import { useDraft } from './use-draft.ts';
import { ElevationPanel } from './ElevationPanel.tsx';
import { WebElevationPanel } from './WebElevationPanel.tsx';
import { FilesPanel } from '../ui/FilesPanel.tsx';
import { t } from '../i18n/index.ts';

interface ChatScreenProps {
  platform: CustomerPlatform;
  site: PublicSiteResponse | null;
  stored: StoredSession;
  initialSession: SessionView | null;
  onRejected: () => void;
  onNewChat: () => void;
  /** The web chat handed its session to the support extension (Elevate allowed). */
  onHandedOver?: () => void;
}

function statusLine(session: SessionView | null): { text: string; tone: 'info' | 'ok' | 'ended' } {
  if (!session) return { text: t('chat.connecting'), tone: 'info' };
  if (session.state === 'queued') return { text: t('chat.waiting'), tone: 'info' };
  if (session.state === 'held') return { text: t('chat.held'), tone: 'info' };
  if (session.state === 'active') return { text: t('chat.chattingWith', { name: session.repName ?? t('chat.aRepresentative') }), tone: 'ok' };
  return { text: t('chat.ended'), tone: 'ended' };
}

const JIGGLE_MS = 700;

/** The chat itself: waiting (greeting, hold messages), chatting, and the ended state with the transcript and exit survey. */
export function ChatScreen({ platform, site, stored, initialSession, onRejected, onNewChat, onHandedOver }: ChatScreenProps) {
  const [nudges, setNudges] = useState(0);
  const [alertsSounded, setAlertsSounded] = useState(0);
  const [jiggling, setJiggling] = useState(false);
  const [leftViaNotice, setLeftViaNotice] = useState(false);
  const font = useFontSize();
  const draft = useDraft(stored.sessionId);
  const chat = useCustomerChat(stored, initialSession, {
    onRejected,
    onEnded: () => void platform.clearSession(),
    onNudge: () => {
      setNudges((n) => n + 1);
      setJiggling(true);
      setTimeout(() => setJiggling(false), JIGGLE_MS);
      void platform.focus();
      void playAlert().then((played) => played && setAlertsSounded((n) => n + 1));
      notifyIfAway(platform, t('chat.notifyTitle'), t('chat.nudged'), stored.sessionId);
    },
    onRepMessage: (message) => notifyIfAway(platform, message.authorName, message.text, stored.sessionId),
  });
  const { status, everOpen } = useLiveStatus(chat.client);
  const [error, setError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const session = chat.session;
  const ended = session?.state === 'closed';
  const line = statusLine(session);
  const settings = site?.site.settings ?? null;
  const surveyDue = ended && !leftViaNotice && session.acceptedAt !== null && settings?.surveyEnabled && settings.surveyQuestions.length > 0;

  async function leave(viaNotice: boolean): Promise<void> {
    setLeaving(true);
    setError(null);
    try {
      if (viaNotice) {
        setLeftViaNotice(true);
        await chat.leaveViaNotice();
      } else await chat.leave();
      chat.dismissNotice();
    } catch (e) {
      if (viaNotice) setLeftViaNotice(false);
      setError(errorMessage(e));
    } finally {
      setLeaving(false);
    }
  }

  return (
    <main class={`page chat-page${jiggling ? ' jiggle' : ''}`} style={{ '--chat-font-size': `${font.size}px` }} data-font-size={font.size}>
      <header class="chat-header">
        <h1>{t('chat.heading')}</h1>
        <div class="row">
          <button type="button" aria-label={t('chat.smallerText')} title={t('chat.smallerText')} onClick={() => font.step(-1)}>
            A−
          </button>
          <button type="button" aria-label={t('chat.largerText')} title={t('chat.largerText')} onClick={() => font.step(1)}>
            A+
          </button>
          {!ended && (
            <button type="button" onClick={() => void leave(false)} disabled={leaving}>
              {t('chat.close')}
            </button>
          )}
        </div>
      </header>
      <ScreenShareBar client={chat.client} stored={stored} session={chat.session} onControl={platform.kind === 'extension' ? relayControl : undefined} />
      <div class="row">
        {platform.showAvatar && session?.state === 'active' && session.repId && (
          <RepAvatar serverUrl={stored.serverUrl} repId={session.repId} repName={session.repName ?? t('chat.yourRepresentative')} />
        )}
        <Status tone={line.tone}>{line.text}</Status>
      </div>
      {!ended && !chat.fatal && <ConnectionBanner status={status} everOpen={everOpen} />}
      {chat.fatal && <Alert>{chat.fatal}</Alert>}
      {error && <Alert>{error}</Alert>}
      {nudges > 0 && (
        <p class="nudge-note" data-alerts-sounded={alertsSounded}>
          {nudges > 1 ? t('chat.nudgeReceivedMany', { count: nudges }) : t('chat.nudgeReceived')}
        </p>
      )}
      {session?.state === 'queued' && <QueueWait settings={settings} wait={chat.wait} queuedAt={session.queuedAt} openUrl={platform.openUrl} />}
      {chat.notice && !ended && <NoticeCard notice={chat.notice} busy={leaving} onContinue={chat.dismissNotice} onLeave={() => void leave(true)} />}
      {/* Elevation needs the full client (native messaging); the web chat has no helper to start. */}
      {platform.kind === 'extension' && (
        <ElevationPanel client={chat.client} session={chat.session} serverUrl={stored.serverUrl} watermark={settings?.watermark ?? true} />
      )}
      {platform.kind === 'web' && onHandedOver && <WebElevationPanel client={chat.client} session={chat.session} stored={stored} onHandedOver={onHandedOver} />}
      <FilesPanel client={chat.client} serverUrl={stored.serverUrl} token={stored.customerToken} sessionId={stored.sessionId} side="customer" active={session?.state === 'active'} />
      <ChatLog messages={chat.messages} self="customer" earlier={chat.earlier} onShowEarlier={chat.showEarlier} />
      {ended ? (
        <>
          {leftViaNotice && <p class="hint">{t('chat.youLeft')}</p>}
          {surveyDue && <SurveyForm questions={settings.surveyQuestions} onSubmit={(answers) => submitSurvey({ serverUrl: stored.serverUrl, token: stored.customerToken }, stored.sessionId, answers)} />}
          <button type="button" class="primary" onClick={onNewChat}>
            {t('chat.newChat')}
          </button>
        </>
      ) : (
        draft.loaded && <Composer onSend={chat.send} disabled={!session} initialText={draft.text} onTextChange={draft.save} />
      )}
    </main>
  );
}
