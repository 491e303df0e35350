import { useId, useState } from 'preact/hooks';
import type { RepAdminView } from '@rs/protocol';
import { setRepEnabled, setRepRole } from '../lib/people-api.ts';
import { useAction } from '../lib/use-action.ts';
import { Alert, Status } from '../ui/Status.tsx';
import { AddRepForm } from './AddRepForm.tsx';
import { ResetPasswordDialog } from './ResetPasswordDialog.tsx';
import type { StoredAuth } from './stored-auth.ts';
import type { PeopleData } from './use-people.ts';
import { t } from '../i18n/index.ts';
import { explained } from '../lib/errors.ts';

const ROLE = { rep: 'people.rep', admin: 'people.admin' } as const;

/** Settings > Representatives (admins): who can sign in, in which teams; add, reset a password, disable, enable, change role. */
export function PeopleAdmin({ auth, people }: { auth: StoredAuth; people: PeopleData }) {
  const headingId = useId();
  const [done, setDone] = useState<string | null>(null);
  const [resetting, setResetting] = useState<RepAdminView | null>(null);
  const { busy, error, run } = useAction();
  const reps = people.data?.reps ?? [];
  const teamName = new Map((people.data?.teams ?? []).map((team) => [team.id, team.name]));

  const act = (action: () => Promise<unknown>, message: string) =>
    run(async () => {
      setDone(null);
      await explained(action(), { invalid_state: t('people.lastAdmin') });
      await people.refresh();
      setDone(message);
    });

  return (
    <section class="panel stack" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('people.heading')}</h2>
      {people.error && <Alert>{people.error}</Alert>}
      {done && <Status tone="ok">{done}</Status>}
      {error && <Alert>{error}</Alert>}
      <table class="history-table" aria-label={t('people.heading')}>
        <thead>
          <tr>
            <th scope="col">{t('people.name')}</th>
            <th scope="col">{t('people.username')}</th>
            <th scope="col">{t('people.role')}</th>
            <th scope="col">{t('people.teams')}</th>
            <th scope="col">{t('people.signIn')}</th>
            <th scope="col">{t('people.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {reps.map((r) => {
            const self = r.id === auth.rep.id;
            return (
              <tr key={r.id}>
                <th scope="row">{r.displayName}</th>
                <td>{r.username}</td>
                <td>{t(ROLE[r.role])}</td>
                <td>{r.teamIds.map((id) => teamName.get(id) ?? '').filter(Boolean).join(', ') || '—'}</td>
                <td>{r.canSignIn ? (r.online ? t('people.canSignInOnline') : t('people.canSignIn')) : t('people.disabled')}</td>
                <td>
                  <div class="row">
                    <button type="button" aria-label={t('people.resetFor', { name: r.displayName })} onClick={() => setResetting(r)}>
                      {t('people.reset')}
                    </button>
                    {!self && (
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={t(r.canSignIn ? 'people.disableName' : 'people.enableName', { name: r.displayName })}
                        onClick={() =>
                          void act(
                            () => setRepEnabled(auth, r.id, !r.canSignIn),
                            t(r.canSignIn ? 'people.nowDisabled' : 'people.nowEnabled', { name: r.displayName }),
                          )
                        }
                      >
                        {r.canSignIn ? t('people.disable') : t('people.enable')}
                      </button>
                    )}
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={t(r.role === 'admin' ? 'people.makeRepName' : 'people.makeAdminName', { name: r.displayName })}
                      onClick={() => {
                        const role = r.role === 'admin' ? 'rep' : 'admin';
                        void act(() => setRepRole(auth, r.id, role), t(role === 'admin' ? 'people.nowAdmin' : 'people.nowRep', { name: r.displayName }));
                      }}
                    >
                      {r.role === 'admin' ? t('people.makeRep') : t('people.makeAdmin')}
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
          setDone(t('people.added', { name }));
        }}
      />
      {resetting && (
        <ResetPasswordDialog
          auth={auth}
          rep={resetting}
          onCancel={() => setResetting(null)}
          onDone={() => {
            setResetting(null);
            setDone(t('people.wasReset', { name: resetting.displayName }));
          }}
        />
      )}
    </section>
  );
}
