import { useId, useState } from 'preact/hooks';
import type { RepAdminView } from '@rs/protocol';
import { resetPassword } from '../lib/people-api.ts';
import { useAction } from '../lib/use-action.ts';
import { Alert } from '../ui/Status.tsx';
import { ModalDialog } from './ModalDialog.tsx';
import { passwordError, passwordHint } from './people-form.ts';
import type { StoredAuth } from './stored-auth.ts';
import { t } from '../i18n/index.ts';
import { UiError } from '../lib/errors.ts';

/** An admin sets a new password for a representative; the server ends that rep's sign-ins. */
export function ResetPasswordDialog({ auth, rep, onDone, onCancel }: { auth: StoredAuth; rep: RepAdminView; onDone: () => void; onCancel: () => void }) {
  const ids = { password: useId(), hint: useId() };
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();
  return (
    <ModalDialog title={t('people.resetTitle', { name: rep.displayName })} onCancel={onCancel}>
      <form
        class="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const invalid = passwordError(password);
            if (invalid) throw new UiError('bad_message', invalid);
            await resetPassword(auth, rep.id, password);
            onDone();
          });
        }}
      >
        <label for={ids.password}>{t('people.newPassword')}</label>
        <input id={ids.password} type="password" autocomplete="new-password" aria-describedby={ids.hint} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <p id={ids.hint} class="hint">
          {passwordHint()} {t('people.signedOutEverywhere', { name: rep.displayName })}
        </p>
        {error && <Alert>{error}</Alert>}
        <div class="row row--end">
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {t('people.setPassword')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
