import { useId, useState } from 'preact/hooks';
import type { RepAdminView } from '@rs/protocol';
import { resetPassword } from '../lib/people-api.ts';
import { useAction } from '../lib/use-action.ts';
import { Alert } from '../ui/Status.tsx';
import { ModalDialog } from './ModalDialog.tsx';
import { PASSWORD_HINT, readableError } from './people-form.ts';
import type { StoredAuth } from './stored-auth.ts';

/** An admin sets a new password for a representative; the server ends that rep's sign-ins. */
export function ResetPasswordDialog({ auth, rep, onDone, onCancel }: { auth: StoredAuth; rep: RepAdminView; onDone: () => void; onCancel: () => void }) {
  const ids = { password: useId(), hint: useId() };
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  return (
    <ModalDialog title={`Reset password for ${rep.displayName}`} onCancel={onCancel}>
      <form
        class="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await resetPassword(auth, rep.id, password);
            onDone();
          });
        }}
      >
        <label for={ids.password}>New password</label>
        <input id={ids.password} type="password" autocomplete="new-password" aria-describedby={ids.hint} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <p id={ids.hint} class="hint">
          {PASSWORD_HINT} {rep.displayName} is signed out everywhere and signs in again with it.
        </p>
        {error && <Alert>{readableError(error)}</Alert>}
        <div class="row row--end">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={busy}>
            Set password
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
