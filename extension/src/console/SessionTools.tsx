import { useEffect, useId, useState } from 'preact/hooks';
import type { Notice } from '@rs/protocol';
import { activeNotices } from '../lib/click-to-chat-api.ts';
import type { LiveClient } from '../lib/live.ts';
import { Alert } from '../ui/Status.tsx';
import type { StoredAuth } from './stored-auth.ts';
import { useAction } from '../lib/use-action.ts';
import { t } from '../i18n/index.ts';

interface SessionToolsProps {
  auth: StoredAuth;
  client: LiveClient | null;
  sessionId: string;
}

/** In a session: send one of the active customer notices, or nudge the customer. */
export function SessionTools({ auth, client, sessionId }: SessionToolsProps) {
  const selectId = useId();
  const [notices, setNotices] = useState<Notice[]>([]);
  const [chosen, setChosen] = useState('');
  const { busy, error, setError, run: runAction } = useAction();

  useEffect(() => {
    activeNotices(auth, sessionId).then(
      (list) => {
        setNotices(list);
        setChosen(list[0]?.id ?? '');
      },
      () => setNotices([]),
    );
  }, [auth.serverUrl, auth.token, sessionId]);

  async function run(request: Parameters<LiveClient['request']>[0]): Promise<void> {
    if (!client) return setError(t('common.notConnected'));
    await runAction(() => client.request(request));
  }

  return (
    <div class="row session-tools">
      <button type="button" disabled={busy} onClick={() => void run({ type: 'chat.nudge', sessionId })}>
        {t('session.nudge')}
      </button>
      {notices.length > 0 && (
        <>
          <label for={selectId}>{t('session.notice')}</label>
          <select id={selectId} value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
            {notices.map((n) => (
              <option key={n.id} value={n.id}>
                {n.title}
              </option>
            ))}
          </select>
          <button type="button" disabled={busy || !chosen} onClick={() => void run({ type: 'notice.send', sessionId, noticeId: chosen })}>
            {t('session.sendNotice')}
          </button>
        </>
      )}
      {error && <Alert>{error}</Alert>}
    </div>
  );
}
