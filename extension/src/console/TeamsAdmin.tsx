import { useId, useState } from 'preact/hooks';
import type { RepAdminView, Team } from '@rs/protocol';
import { addTeamMember, createTeam, removeTeamMember } from '../lib/people-api.ts';
import { useAction } from '../lib/use-action.ts';
import { Alert } from '../ui/Status.tsx';
import { teamNameError } from './people-form.ts';
import type { StoredAuth } from './stored-auth.ts';
import type { PeopleData } from './use-people.ts';
import { t } from '../i18n/index.ts';
import { UiError, explained } from '../lib/errors.ts';

/** Settings > Teams (admins): each team with its members; create a team, add and remove members. */
export function TeamsAdmin({ auth, people }: { auth: StoredAuth; people: PeopleData }) {
  const ids = { heading: useId(), name: useId() };
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  const act = (action: () => Promise<unknown>) =>
    run(async () => {
      await action();
      await people.refresh();
    });
  const reps = people.data?.reps ?? [];

  return (
    <section class="panel stack" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{t('people.teamsHeading')}</h2>
      {error && <Alert>{error}</Alert>}
      {(people.data?.teams ?? []).map((team) => (
        <TeamCard key={team.id} team={team} reps={reps} busy={busy} onAdd={(repId) => act(() => addTeamMember(auth, team.id, repId))} onRemove={(repId) => act(() => removeTeamMember(auth, team.id, repId))} />
      ))}
      <form
        class="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            const invalid = teamNameError(name);
            if (invalid) throw new UiError('bad_message', invalid);
            await explained(createTeam(auth, name), { conflict: t('people.teamTaken') });
            setName('');
          });
        }}
      >
        <h3>{t('people.createTeamHeading')}</h3>
        <label for={ids.name}>{t('people.teamName')}</label>
        <input id={ids.name} type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>
          {t('people.createTeam')}
        </button>
      </form>
    </section>
  );
}

interface TeamCardProps {
  team: Team;
  reps: RepAdminView[];
  busy: boolean;
  onAdd: (repId: string) => Promise<void>;
  onRemove: (repId: string) => Promise<void>;
}

function TeamCard({ team, reps, busy, onAdd, onRemove }: TeamCardProps) {
  const ids = { heading: useId(), pick: useId() };
  const members = reps.filter((r) => team.memberIds.includes(r.id));
  const others = reps.filter((r) => !team.memberIds.includes(r.id));
  const [pick, setPick] = useState('');
  const chosen = others.some((r) => r.id === pick) ? pick : (others[0]?.id ?? '');
  return (
    <article class="stack stack--tight" aria-labelledby={ids.heading}>
      <h3 id={ids.heading}>{team.name}</h3>
      {members.length === 0 && <p class="empty">{t('people.noMembers')}</p>}
      <ul aria-label={t('people.membersOf', { team: team.name })}>
        {members.map((m) => (
          <li key={m.id} class="row">
            {m.displayName}
            {!m.canSignIn && <span class="hint">{t('people.disabledTag')}</span>}
            <button type="button" disabled={busy} aria-label={t('people.removeFrom', { name: m.displayName, team: team.name })} onClick={() => void onRemove(m.id)}>
              {t('people.remove')}
            </button>
          </li>
        ))}
      </ul>
      {others.length > 0 && (
        <div class="row">
          <label for={ids.pick}>{t('people.addMemberTo', { team: team.name })}</label>
          <select id={ids.pick} value={chosen} onChange={(e) => setPick(e.currentTarget.value)}>
            {others.map((r) => (
              <option key={r.id} value={r.id}>
                {r.displayName}
              </option>
            ))}
          </select>
          <button type="button" disabled={busy || !chosen} onClick={() => void onAdd(chosen)}>
            {t('people.addTo', { team: team.name })}
          </button>
        </div>
      )}
    </article>
  );
}
