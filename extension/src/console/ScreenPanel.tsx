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

interface ScreenPanelProps {
  auth: StoredAuth;
  client: LiveClient | null;
  session: SessionView;
}

const STATE_TEXT: Partial<Record<RepScreenState['kind'], string>> = {
  asking: 'Waiting for the customer to allow screen sharing…',
  refused: 'The customer refused to share their screen.',
  waiting: 'The customer allowed screen sharing and is choosing what to share…',
};
const STOP_TEXT = {
  customer_stopped: 'The customer stopped sharing.',
  browser_stopped: 'The customer stopped sharing.',
  session_ended: 'Screen sharing ended with the session.',
  connection_lost: "Screen sharing stopped: the customer's side lost the connection.",
  rep_changed: 'Screen sharing ended: the session changed hands, and the customer is asked again.',
};
const SURFACE_TEXT = { monitor: 'entire screen', window: 'a window', browser: 'a browser tab' };

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
        setRecordingNote(event === 'started' ? 'Recording this screen share.' : event === 'failed' ? `Recording failed: ${detail ?? ''}` : null);
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
  const line = state.kind === 'stopped' ? STOP_TEXT[state.reason] : STATE_TEXT[state.kind];

  return (
    <section class="screen-panel" aria-label="Screen sharing">
      <div class="row">
        {canAsk && (
          <button type="button" onClick={() => void share()}>
            Share Screen
          </button>
        )}
        {stream && (
          <>
            <button type="button" onClick={() => void viewRef.current?.requestFullscreen()}>
              Full screen
            </button>
            <button type="button" aria-pressed={actualSize} onClick={() => setActualSize(!actualSize)}>
              Actual size (1:1)
            </button>
            <button
              type="button"
              aria-pressed={motion}
              title="Keep the frame rate, at a lower resolution when the customer's computer or network is short (text may blur)"
              onClick={() => screenRef.current?.setHint(motion ? 'detail' : 'motion') && setMotion(!motion)}
            >
              Smooth motion
            </button>
          </>
        )}
      </div>
      <RemoteControl client={client} sessionId={sessionId} viewing={stream !== null} paused={controlPaused} video={videoRef} send={(input) => screenRef.current?.sendControl(input) ?? false} />
      <p class="hint">{session.recordingAllowed ? 'The customer allowed recording of this session.' : 'The customer did not allow recording; nothing is recorded.'}</p>
      {line && <p role="status">{line}</p>}
      {recordingNote && <p class="hint">{recordingNote}</p>}
      {error && <Alert>{error}</Alert>}
      {stream && (
        <>
          <p class="screen-stats" aria-label="Screen stream">
            {state.kind === 'viewing' && state.surface ? `Sharing ${SURFACE_TEXT[state.surface]} · ` : ''}
            {stats && stats.fps !== null ? `${stats.width} × ${stats.height} at ${stats.fps} fps` : 'Measuring…'}
          </p>
          {stats && (
            <section class="stream-quality" aria-label="Stream quality">
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
            <video ref={videoRef} aria-label="Customer's screen" tabIndex={0} autoPlay muted playsInline />
          </div>
        </>
      )}
      <RecordingList target={{ serverUrl, token }} sessionId={sessionId} version={recordingsVersion} />
    </section>
  );
}
