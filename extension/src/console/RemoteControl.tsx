import { useEffect, useRef, useState } from 'preact/hooks';
import type { ControlInput, ElevationState, PermissionState } from '@rs/protocol';
import { errorMessage } from '../lib/errors.ts';
import type { LiveClient, LiveNotice } from '../lib/live.ts';
import { controlTakenBack } from '../lib/take-back.ts';
import { keyInput, latestPosition, mouseButton, moveEventName, videoPoint, wheelSteps } from './control-input.ts';
import { t } from '../i18n/index.ts';

interface RemoteControlProps {
  client: LiveClient | null;
  sessionId: string;
  /** The customer's screen is on view (view granted, stream arriving). */
  viewing: boolean;
  /** The customer's own mouse or keyboard holds the representative's input off for a moment. */
  paused: boolean;
  video: { current: HTMLVideoElement | null };
  send: (input: ControlInput) => boolean;
  /** Called with each input sent and the time of the browser event it came from; for the benchmark. */
  onSent?: (input: ControlInput, eventTime: number) => void;
}

/**
 * Control: with the customer's screen on view and their helper connected, the
 * representative turns control on (the server grants it on the customer's
 * Allow at Elevate) and their mouse and keyboard over the video go to the
 * customer's computer, as 0..1 of the shared frame. Shows at once when the
 * customer took control back (the permission revoked, or the helper's grant).
 */
export function RemoteControl({ client, sessionId, viewing, paused, video, send, onSent }: RemoteControlProps) {
  const [elevation, setElevation] = useState<ElevationState | null>(null);
  const [permission, setPermission] = useState<PermissionState | null>(null);
  const [wanted, setWanted] = useState(false);
  const [takenBack, setTakenBack] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const sendRef = useRef({ send, onSent });
  sendRef.current = { send, onSent };

  useEffect(() => {
    if (!client) return;
    const apply = (notice: LiveNotice) => {
      if (notice.type === 'elevation' && notice.sessionId === sessionId) {
        setElevation(notice.state);
        if (notice.state === 'revoked') setTakenBack(true);
      }
      if (notice.type === 'permissions' && notice.sessionId === sessionId) {
        setPermission(notice.permissions.find((p) => p.kind === 'control')?.state ?? null);
        // Revoked with the view (a share that ended) is not the customer taking control back.
        if (controlTakenBack(notice.permissions)) setTakenBack(true);
      }
    };
    // A reloaded console: the state came with the session snapshot, before this view mounted.
    for (const last of [client.latest('elevation', sessionId), client.latest('permissions', sessionId)]) if (last) apply(last);
    return client.onNotice(apply);
  }, [client, sessionId]);

  const available = client !== null && viewing && elevation === 'connected';
  const active = wanted && available && permission === 'granted';
  useEffect(() => {
    if (!available) setWanted(false);
  }, [available]);
  useEffect(() => {
    if (permission === 'revoked') setWanted(false);
  }, [permission]);

  // While active: the pointer and keyboard over the video are the customer's.
  useEffect(() => {
    const el = video.current;
    if (!active || !el) return;
    el.focus();
    const emit = (input: ControlInput, at: number) => {
      if (sendRef.current.send(input)) sendRef.current.onSent?.(input, at);
    };
    const at = (e: { clientX: number; clientY: number }) =>
      videoPoint(e.clientX, e.clientY, el.getBoundingClientRect(), { width: el.videoWidth, height: el.videoHeight });
    // One move per event, at its newest position; a position already sent is not sent again.
    const moveEvent = moveEventName(el);
    let last: { x: number; y: number } | null = null;
    const onMove = (e: Event) => {
      const p = at(latestPosition(e as PointerEvent));
      if (!p || (last && last.x === p.x && last.y === p.y)) return;
      last = p;
      emit({ type: 'pointer.move', ...p }, e.timeStamp);
    };
    const onDown = (e: MouseEvent) => {
      e.preventDefault();
      el.focus();
    };
    const onClick = (e: MouseEvent) => {
      e.preventDefault();
      const p = at(e);
      const button = mouseButton(e.button);
      // A double click arrives as two clicks in a row, which the customer's desktop reads as one.
      if (p && button) emit({ type: 'pointer.click', ...p, button }, e.timeStamp);
    };
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const steps = wheelSteps(e.deltaX, e.deltaY, e.deltaMode);
      if (steps.dx || steps.dy) emit({ type: 'pointer.wheel', ...steps }, e.timeStamp);
    };
    const onKey = (e: KeyboardEvent) => {
      e.preventDefault();
      e.stopPropagation();
      const input = keyInput(e);
      if (input) emit(input, e.timeStamp);
    };
    const onContext = (e: MouseEvent) => e.preventDefault();
    el.addEventListener(moveEvent, onMove);
    el.addEventListener('mousedown', onDown);
    el.addEventListener('click', onClick);
    el.addEventListener('auxclick', onClick);
    el.addEventListener('contextmenu', onContext);
    el.addEventListener('wheel', onWheel, { passive: false });
    el.addEventListener('keydown', onKey);
    return () => {
      el.removeEventListener(moveEvent, onMove);
      el.removeEventListener('mousedown', onDown);
      el.removeEventListener('click', onClick);
      el.removeEventListener('auxclick', onClick);
      el.removeEventListener('contextmenu', onContext);
      el.removeEventListener('wheel', onWheel);
      el.removeEventListener('keydown', onKey);
    };
  }, [active, video]);

  async function toggle(): Promise<void> {
    setError(null);
    if (wanted) return setWanted(false);
    setTakenBack(false);
    setWanted(true);
    if (permission === 'granted') return;
    try {
      await client?.request({ type: 'permission.request', sessionId, permission: 'control' });
    } catch (e) {
      setWanted(false);
      setError(errorMessage(e));
    }
  }

  if (!viewing) return null;
  const line = active
    ? paused
      ? t('control.onPaused')
      : t('control.on')
    : takenBack
      ? t('control.takenBack')
      : wanted
        ? t('control.turningOn')
        : elevation === 'connected'
          ? t('control.off')
          : t('control.offElevate');
  return (
    <div class="row remote-control">
      <button type="button" aria-pressed={active} disabled={!available} onClick={() => void toggle()}>
        {t('control.button')}
      </button>
      <span role="status" class="hint">
        {line}
      </span>
      {error && (
        <span role="alert" class="error">
          {error}
        </span>
      )}
    </div>
  );
}
