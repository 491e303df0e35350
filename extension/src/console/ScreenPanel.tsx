import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionView } from '@rs/protocol';
import { errorMessage } from '../lib/errors.ts';
import type { LiveClient } from '../lib/live.ts';
import { Alert } from '../ui/Status.tsx';
import '../ui/screen.css';
import { RecordingList } from './RecordingList.tsx';
import { RemoteControl } from './RemoteControl.tsx';
import { RepScreen, type RepScreenState } from './rep-screen.ts';
import { formatFigures, streamFigures, type StreamFigures } from './stream-figures.ts';
import type { StoredAuth } from './stored-auth.ts';
import { t } from '../i18n/index.ts';

interface ScreenPanelProps {
  auth: StoredAuth;
  client: LiveClient | null;
  session: SessionView;
}

const STATE_TEXT: Partial<Record<RepScreenState['kind'], 'screen.asking' | 'screen.refused' | 'screen.waiting'>> = {
  asking: 'screen.asking',
  refused: 'screen.refused',
  waiting: 'screen.waiting',
};
const STOP_TEXT = {
  customer_stopped: 'screen.customerStopped',
  browser_stopped: 'screen.customerStopped',
  session_ended: 'screen.sessionEnded',
  connection_lost: 'screen.connectionLost',
  rep_changed: 'screen.repChanged',
} as const;
const SURFACE_TEXT = { monitor: 'screen.surfaceMonitor', window: 'screen.surfaceWindow', browser: 'screen.surfaceBrowser' } as const;

/** Share Screen, the live view (fit, full screen, 1:1), its resolution and frame rate, and the session's recordings. */
export function ScreenPanel({ auth, client, session }: ScreenPanelProps) {
  const [state, setState] = useState<RepScreenState>({ kind: 'idle' });
  const [stats, setStats] = useState<StreamFigures | null>(null);
  const [actualSize, setActualSize] = useState(false);
  const [motion, setMotion] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recordingNote, setRecordingNote] = useState<string | null>(null);
  const [recordingsVersion, setRecordingsVersion] = useState(0);
  const [controlPaused, setControlPaused] = useState(false);
  const screenRef = useRef<RepScreen | null>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const viewRef = useRef<HTMLDivElement>(null);
  const { serverUrl, token } = auth;
  const sessionId = session.id;
  const closed = session.state === 'closed';

  useEffect(() => {
    if (!client) return;
    const screen = (screenRef.current = new RepScreen({
      client,
      target: { serverUrl, token },
      sessionId,
      recordingAllowed: session.recordingAllowed === true,
      onChange: setState,
      onControlPaused: setControlPaused,
      onRecording: (event, detail) => {
        setRecordingNote(event === 'started' ? t('screen.recordingStarted') : event === 'failed' ? t('screen.recordingFailed', { detail: detail ?? '' }) : null);
        setRecordingsVersion((v) => v + 1);
      },
    }));
    const off = client.onNotice((notice) => {
      if (notice.type === 'permissions' && notice.sessionId === sessionId) screen.onPermissions(notice.permissions);
      if (notice.type === 'share' && notice.sessionId === sessionId) screen.onShare(notice);
    });
    return () => {
      off();
      screen.close();
    };
  }, [client, serverUrl, token, sessionId, session.recordingAllowed]);

  const stream = state.kind === 'viewing' ? state.stream : null;
  useEffect(() => {
    if (videoRef.current) videoRef.current.srcObject = stream;
    setMotion(false);
    if (!stream) return setStats(null);
    // Measured on the receiving side, once a second: what arrives, not what was asked for.
    let last: Record<string, unknown>[] | null = null;
    const timer = setInterval(() => {
      const pc = screenRef.current?.peerConnection;
      if (!pc) return;
      void pc.getStats().then((report) => {
        const values = [...report.values()] as Record<string, unknown>[];
        const figures = streamFigures(last, values);
        last = values;
        if (figures) setStats(figures);
      }, () => {});
    }, 1000);
    return () => clearInterval(timer);
  }, [stream]);

  async function share(): Promise<void> {
    setError(null);
    try {
      await screenRef.current?.request();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const canAsk = !closed && client !== null && (state.kind === 'idle' || state.kind === 'refused' || state.kind === 'stopped');
  const lineKey = state.kind === 'stopped' ? STOP_TEXT[state.reason] : STATE_TEXT[state.kind];
  const line = lineKey ? t(lineKey) : null;

  return (
    <section class="screen-panel" aria-label={t('screen.region')}>
      <div class="row">
        {canAsk && (
          <button type="button" onClick={() => void share()}>
            {t('screen.share')}
          </button>
        )}
        {stream && (
          <>
            <button type="button" onClick={() => void viewRef.current?.requestFullscreen()}>
              {t('screen.fullScreen')}
            </button>
            <button type="button" aria-pressed={actualSize} onClick={() => setActualSize(!actualSize)}>
              {t('screen.actualSize')}
            </button>
            <button
              type="button"
              aria-pressed={motion}
              title={t('screen.smoothTitle')}
              onClick={() => screenRef.current?.setHint(motion ? 'detail' : 'motion') && setMotion(!motion)}
            >
              {t('screen.smooth')}
            </button>
          </>
        )}
      </div>
      <RemoteControl client={client} sessionId={sessionId} viewing={stream !== null} paused={controlPaused} video={videoRef} send={(input) => screenRef.current?.sendControl(input) ?? false} />
      <p class="hint">{session.recordingAllowed ? t('screen.recordingAllowedHint') : t('screen.recordingRefusedHint')}</p>
      {line && <p role="status">{line}</p>}
      {recordingNote && <p class="hint">{recordingNote}</p>}
      {error && <Alert>{error}</Alert>}
      {stream && (
        <>
          <p class="screen-stats" aria-label={t('screen.stream')}>
            {state.kind === 'viewing' && state.surface ? t(SURFACE_TEXT[state.surface]) : ''}
            {stats && stats.fps !== null ? t('screen.size', { width: stats.width, height: stats.height, fps: stats.fps }) : t('screen.measuring')}
          </p>
          {stats && (
            <section class="stream-quality" aria-label={t('screen.quality')}>
              <dl>
                {formatFigures(stats).map(([label, value]) => (
                  <div key={label}>
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            </section>
          )}
          <div ref={viewRef} class={`screen-view${actualSize ? ' actual' : ''}`}>
            <video ref={videoRef} aria-label={t('screen.customerScreen')} tabIndex={0} autoPlay muted playsInline />
          </div>
        </>
      )}
      <RecordingList target={{ serverUrl, token }} sessionId={sessionId} version={recordingsVersion} />
    </section>
  );
}
