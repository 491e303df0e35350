import { useId, useState } from 'preact/hooks';
import { avatarUrl, uploadAvatar } from '../lib/click-to-chat-api.ts';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import type { StoredAuth } from './stored-auth.ts';

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
      setStatus('Photo saved.');
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <section class="panel stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Your photo</h2>
      <p class="hint">Customers see it in the chat of the full client (the extension). At most 256 KB: PNG, JPEG, WebP or GIF.</p>
      <img src={`${avatarUrl(auth.serverUrl, auth.rep.id)}?v=${version}`} alt="Your current photo" width={64} height={64} class="avatar" onError={(e) => (e.currentTarget.style.visibility = 'hidden')} />
      <label for={inputId}>Upload a photo</label>
      <input id={inputId} type="file" accept="image/png,image/jpeg,image/webp,image/gif" onChange={(e) => void upload(e.currentTarget.files?.[0])} />
      {status && <p role="status">{status}</p>}
      {error && <Alert>{error}</Alert>}
    </section>
  );
}
