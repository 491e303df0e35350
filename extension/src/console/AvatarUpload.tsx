import { useId, useState } from 'preact/hooks';
import { avatarUrl, uploadAvatar } from '../lib/click-to-chat-api.ts';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import type { StoredAuth } from './stored-auth.ts';
import { t } from '../i18n/index.ts';

/** A representative's photo, shown to customers in the full client's chat (not in the web chat). */
export function AvatarUpload({ auth }: { auth: StoredAuth }) {
  const inputId = useId();
  const headingId = useId();
  const [version, setVersion] = useState(0);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function upload(file: File | undefined): Promise<void> {
    if (!file) return;
    setError(null);
    setStatus(null);
    try {
      await uploadAvatar(auth, file);
      setVersion((v) => v + 1);
      setStatus(t('admin.photoSaved'));
    } catch (e) {
      setError(errorMessage(e, { bad_message: t('errors.photoRefused'), too_large: t('errors.photoRefused') }));
    }
  }

  return (
    <section class="panel stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('admin.photo')}</h2>
      <p class="hint">{t('admin.photoHint')}</p>
      <img src={`${avatarUrl(auth.serverUrl, auth.rep.id)}?v=${version}`} alt={t('admin.currentPhoto')} width={64} height={64} class="avatar" onError={(e) => (e.currentTarget.style.visibility = 'hidden')} />
      <label for={inputId}>{t('admin.uploadPhoto')}</label>
      <input id={inputId} type="file" accept="image/png,image/jpeg,image/webp,image/gif" onChange={(e) => void upload(e.currentTarget.files?.[0])} />
      {status && <p role="status">{status}</p>}
      {error && <Alert>{error}</Alert>}
    </section>
  );
}
