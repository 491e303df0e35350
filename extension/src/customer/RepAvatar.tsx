import { useState } from 'preact/hooks';
import { avatarUrl } from '../lib/click-to-chat-api.ts';
import { t } from '../i18n/index.ts';

/** The representative's photo, in the full client only; nothing at all when they have not uploaded one. */
export function RepAvatar({ serverUrl, repId, repName }: { serverUrl: string; repId: string; repName: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) return null;
  return <img class="avatar" src={avatarUrl(serverUrl, repId)} alt={t('chat.repPhoto', { name: repName })} width={40} height={40} onError={() => setFailed(true)} />;
}
