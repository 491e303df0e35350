import { useId, useState } from 'preact/hooks';
import type { RepAdminView } from '@rs/protocol';
import { setRepEnabled, setRepRole } from '../lib/people-api.ts';
import { useAction } from '../lib/use-action.ts';
import { Alert, Status } from '../ui/Status.tsx';
import { AddRepForm } from './AddRepForm.tsx';
import { readableError } from './people-form.ts';
import { ResetPasswordDialog } from './ResetPasswordDialog.tsx';
import type { StoredAuth } from './stored-auth.ts';
import type { PeopleData } from './use-people.ts';

const ROLE = { rep: 'Representative', admin: 'Administrator' } as const;

/** Settings > Representatives (admins): who can sign in, in which teams; add, reset a password, disable, enable, change role. */
export function PeopleAdmin({ auth, people }: { auth: StoredAuth; people: PeopleData }) {
  const headingId = useId();
  const [done, setDone] = useState<string | null>(null);
  const [resetting, setResetting] = useState<RepAdminView | null>(null);
  const { busy, error, run } = useAction();
  const reps = people.data?.reps ?? [];
  const teamName = new Map((people.data?.teams ?? []).map((t) => [t.id, t.name]));

  const act = (action: () => Promise<unknown>, message: string) =>
    run(async () => {
      setDone(null);
      await action();
      await people.refresh();
      setDone(message);
    });

  return (
    <section class="panel stack" aria-labelledby={headingId}>
      <h2 id={headingId}>Representatives</h2>
      {people.error && <Alert>{people.error}</Alert>}
      {done && <Status tone="ok">{done}</Status>}
      {error && <Alert>{readableError(error)}</Alert>}
      <table class="history-table" aria-label="Representatives">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            <th scope="col">Teams</th>
            <th scope="col">Sign-in</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {reps.map((r) => {
            const self = r.id === auth.rep.id;
            return (
              <tr key={r.id}>
                <th scope="row">{r.displayName}</th>
                <td>{r.username}</td>
                <td>{ROLE[r.role]}</td>
                <td>{r.teamIds.map((id) => teamName.get(id) ?? '').filter(Boolean).join(', ') || '—'}</td>
                <td>{r.canSignIn ? (r.online ? 'Can sign in (online)' : 'Can sign in') : 'Disabled'}</td>
                <td>
                  <div class="row">
                    <button type="button" aria-label={`Reset password for ${r.displayName}`} onClick={() => setResetting(r)}>
                      Reset password
                    </button>
                    {!self && (
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={`${r.canSignIn ? 'Disable' : 'Enable'} ${r.displayName}`}
                        onClick={() =>
                          void act(
                            () => setRepEnabled(auth, r.id, !r.canSignIn),
                            r.canSignIn ? `${r.displayName} is disabled and was signed out.` : `${r.displayName} can sign in again.`,
                          )
                        }
                      >
                        {r.canSignIn ? 'Disable' : 'Enable'}
                      </button>
                    )}
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={r.role === 'admin' ? `Make ${r.displayName} a representative` : `Make ${r.displayName} an administrator`}
                      onClick={() => {
                        const role = r.role === 'admin' ? 'rep' : 'admin';
                        void act(() => setRepRole(auth, r.id, role), `${r.displayName} is now ${role === 'admin' ? 'an administrator' : 'a representative'}.`);
                      }}
                    >
                      {r.role === 'admin' ? 'Make representative' : 'Make administrator'}
                    </button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <AddRepForm
        auth={auth}
        onAdded={async (name) => {
          await people.refresh();
          setDone(`${name} was added to the General team.`);
        }}
      />
      {resetting && (
        <ResetPasswordDialog
          auth={auth}
          rep={resetting}
          onCancel={() => setResetting(null)}
          onDone={() => {
            setResetting(null);
            setDone(`The password of ${resetting.displayName} was reset; they were signed out.`);
          }}
        />
      )}
    </section>
  );
}
