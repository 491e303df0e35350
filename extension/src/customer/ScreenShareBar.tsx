import { useEffect, useRef, useState } from 'preact/hooks';
import { PermissionsResponseSchema, parseWith, type ControlInput, type PermissionView, type SessionView } from '@rs/protocol';
import { apiCall, expectShape } from '../lib/api.ts';
import type { LiveClient } from '../lib/live.ts';
import { Alert } from '../ui/Status.tsx';
import '../ui/screen.css';
import { CustomerShare, type ShareState } from './customer-share.ts';
import { localInputChanged } from './elevation/control-relay.ts';
import type { StoredSession } from './stored-session.ts';
import { useAction } from '../lib/use-action.ts';
import { t } from '../i18n/index.ts';

interface ScreenShareBarProps {
  client: LiveClient | null;
  stored: StoredSession;
  session: SessionView | null;
  /** Where the representative's input goes while control is granted (the full client's helper); none in the web chat. */
  onControl?: (input: ControlInput) => void;
}

const SURFACE_KEY = { monitor: 'share.sharingMonitor', window: 'share.sharingWindow', browser: 'share.sharingBrowser' } as const;

/**
 * The top of the customer's chat while screen sharing is in play: the
 * representative's request (Allow / Refuse), then the banner with STOP
 * SHARING (whole screen) or MODIFY SHARING (a window or tab).
 */
export function ScreenShareBar({ client, stored, session, onControl }: ScreenShareBarProps) {
  const [permissions, setPermissions] = useState<PermissionView[]>([]);
  const [state, setState] = useState<ShareState>({ kind: 'idle' });
  const [menuOpen, setMenuOpen] = useState(false);
  const action = useAction();
  const { busy, error } = action;
  const shareRef = useRef<CustomerShare | null>(null);
  const previewRef = useRef<HTMLVideoElement>(null);
  // Read by the data connection's handler: input passes only while the server says control is granted.
  const controlRef = useRef({ granted: false, onControl });
  controlRef.current = { granted: permissions.some((p) => p.kind === 'control' && p.state === 'granted'), onControl };
  const { serverUrl, sessionId, customerToken } = stored;

  useEffect(() => {
    if (!client) return;
    const share = (shareRef.current = new CustomerShare({
      client,
      target: { serverUrl, token: customerToken },
      sessionId,
      onChange: setState,
      onControl: (input) => controlRef.current.granted && controlRef.current.onControl?.(input),
    }));
    const load = () =>
      apiCall({ serverUrl, token: customerToken }, 'GET', `/api/sessions/${encodeURIComponent(sessionId)}/permissions`)
        .then((raw) => {
          const list = expectShape(parseWith(PermissionsResponseSchema, raw)).permissions;
          setPermissions(list);
          // A grant with nothing shared here (this page was reloaded mid-share): take it back.
          if (share.state.kind === 'idle' && list.some((p) => p.kind === 'view' && p.state === 'granted')) {
            void client.request({ type: 'share.stop', sessionId, reason: 'connection_lost' }).catch(() => {});
          }
        })
        .catch(() => {});
    const offWelcome = client.onWelcome(() => void load());
    const offLocal = localInputChanged.on((paused) => share.controlPaused(paused));
    const offNotice = client.onNotice((notice) => {
      if (notice.type === 'permissions' && notice.sessionId === sessionId) setPermissions(notice.permissions);
      // The server stopped the share (the session ended, or another window of ours stopped it).
      if (notice.type === 'share' && notice.sessionId === sessionId && !notice.sharing) share.end();
    });
    return () => {
      offLocal();
      offWelcome();
      offNotice();
      share.end();
    };
  }, [client, serverUrl, sessionId, customerToken]);

  const ended = session?.state === 'closed';
  useEffect(() => {
    if (ended) shareRef.current?.end();
  }, [ended]);

  useEffect(() => {
    if (previewRef.current) previewRef.current.srcObject = state.kind === 'sharing' ? state.stream : null;
  }, [state]);

  async function run(act: (share: CustomerShare) => Promise<void>): Promise<void> {
    const share = shareRef.current;
    if (!share) return;
    setMenuOpen(false);
    await action.run(() => act(share));
  }

  const question = permissions.find((p) => p.kind === 'view' && p.state === 'asked');
  const asked = !ended && state.kind === 'idle' && question !== undefined;
  // The one who asks (consent belongs to them), else whoever holds the session.
  const rep = question?.repName || session?.repName || t('share.theRepresentative');

  return (
    <>
      {asked && (
        <section class="panel share-prompt" role="alertdialog" aria-label={t('share.request')}>
          <p>{t('share.asks', { name: rep })}</p>
          <div class="row">
            <button type="button" class="primary" disabled={busy} onClick={() => void run((s) => s.allow())}>
              {t('common.allow')}
            </button>
            <button type="button" disabled={busy} onClick={() => void run((s) => s.refuse())}>
              {t('common.refuse')}
            </button>
          </div>
        </section>
      )}
      {state.kind === 'starting' && <p class="hint">{t('share.starting')}</p>}
      {state.kind === 'sharing' && (
        <>
          <div class="share-banner" role="region" aria-label={t('share.banner')}>
            <video ref={previewRef} class="share-preview" aria-label={t('share.preview')} autoPlay muted playsInline />
            <span>{t(SURFACE_KEY[state.surface], { name: rep })}</span>
            {state.surface === 'monitor' ? (
              <button type="button" class="link" disabled={busy} onClick={() => void run((s) => s.stop())}>
                {t('share.stopAll')}
              </button>
            ) : (
              <button type="button" class="link" aria-expanded={menuOpen} disabled={busy} onClick={() => setMenuOpen(!menuOpen)}>
                {t('share.modify')}
              </button>
            )}
          </div>
          {menuOpen && (
            <div class="share-menu">
              <button type="button" onClick={() => void run((s) => s.modify())}>
                {t('share.somethingElse')}
              </button>
              <button type="button" class="danger" onClick={() => void run((s) => s.stop())}>
                {t('share.stop')}
              </button>
            </div>
          )}
        </>
      )}
      {error && <Alert>{error}</Alert>}
    </>
  );
}
