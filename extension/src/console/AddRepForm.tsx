import { useId, useState } from 'preact/hooks';
import type { RepRole } from '@rs/protocol';
import { useAction } from '../lib/use-action.ts';
import { addRep } from '../lib/people-api.ts';
import { Alert } from '../ui/Status.tsx';
import { PASSWORD_HINT, readableError } from './people-form.ts';
import type { StoredAuth } from './stored-auth.ts';

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
          await addRep(auth, form);
          setForm(EMPTY);
          await onAdded(form.displayName.trim());
        });
      }}
    >
      <h3 id={ids.heading}>Add representative</h3>
      <label for={ids.name}>Display name</label>
      <input id={ids.name} type="text" autocomplete="off" value={form.displayName} onInput={(e) => set({ displayName: e.currentTarget.value })} />
      <label for={ids.username}>Username</label>
      <input id={ids.username} type="text" autocomplete="off" spellcheck={false} value={form.username} onInput={(e) => set({ username: e.currentTarget.value })} />
      <label for={ids.password}>Initial password</label>
      <input
        id={ids.password}
        type="password"
        autocomplete="new-password"
        aria-describedby={ids.hint}
        value={form.password}
        onInput={(e) => set({ password: e.currentTarget.value })}
      />
      <p id={ids.hint} class="hint">
        {PASSWORD_HINT} Tell it to them; they sign in with it.
      </p>
      <label for={ids.role}>Role</label>
      <select id={ids.role} value={form.role} onChange={(e) => set({ role: e.currentTarget.value === 'admin' ? 'admin' : 'rep' })}>
        <option value="rep">Representative</option>
        <option value="admin">Administrator</option>
      </select>
      <button type="submit" class="primary" disabled={busy}>
        Add representative
      </button>
      {error && <Alert>{readableError(error)}</Alert>}
    </form>
  );
}
