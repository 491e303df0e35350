import { useId, useState } from 'preact/hooks';
import type { RepRole } from '@rs/protocol';
import { useAction } from '../lib/use-action.ts';
import { addRep } from '../lib/people-api.ts';
import { Alert } from '../ui/Status.tsx';
import { passwordHint, repInputError } from './people-form.ts';
import type { StoredAuth } from './stored-auth.ts';
import { t } from '../i18n/index.ts';
import { UiError, explained } from '../lib/errors.ts';

const EMPTY = { displayName: '', username: '', password: '', role: 'rep' as RepRole };

/** "Add representative": the server's schemas decide what is valid; their messages are shown as sentences. */
export function AddRepForm({ auth, onAdded }: { auth: StoredAuth; onAdded: (displayName: string) => Promise<void> }) {
  const ids = { heading: useId(), name: useId(), username: useId(), password: useId(), hint: useId(), role: useId() };
  const [form, setForm] = useState(EMPTY);
  const { busy, error, run } = useAction();
  const set = (patch: Partial<typeof EMPTY>) => setForm({ ...form, ...patch });

  return (
    <form
      class="stack"
      noValidate
      aria-labelledby={ids.heading}
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          const invalid = repInputError(form);
          if (invalid) throw new UiError('bad_message', invalid);
          await explained(addRep(auth, form), { conflict: t('people.usernameTaken', { username: form.username.trim() }) });
          setForm(EMPTY);
          await onAdded(form.displayName.trim());
        });
      }}
    >
      <h3 id={ids.heading}>{t('people.addHeading')}</h3>
      <label for={ids.name}>{t('people.displayName')}</label>
      <input id={ids.name} type="text" autocomplete="off" value={form.displayName} onInput={(e) => set({ displayName: e.currentTarget.value })} />
      <label for={ids.username}>{t('people.username')}</label>
      <input id={ids.username} type="text" autocomplete="off" spellcheck={false} value={form.username} onInput={(e) => set({ username: e.currentTarget.value })} />
      <label for={ids.password}>{t('people.initialPassword')}</label>
      <input
        id={ids.password}
        type="password"
        autocomplete="new-password"
        aria-describedby={ids.hint}
        value={form.password}
        onInput={(e) => set({ password: e.currentTarget.value })}
      />
      <p id={ids.hint} class="hint">
        {passwordHint()} {t('people.tellThem')}
      </p>
      <label for={ids.role}>{t('people.role')}</label>
      <select id={ids.role} value={form.role} onChange={(e) => set({ role: e.currentTarget.value === 'admin' ? 'admin' : 'rep' })}>
        <option value="rep">{t('people.rep')}</option>
        <option value="admin">{t('people.admin')}</option>
      </select>
      <button type="submit" class="primary" disabled={busy}>
        {t('people.add')}
      </button>
      {error && <Alert>{error}</Alert>}
    </form>
  );
}
