import { useId, useState } from 'preact/hooks';
import type { RepAdminView, Team } from '@rs/protocol';
import { addTeamMember, createTeam, removeTeamMember } from '../lib/people-api.ts';
import { useAction } from '../lib/use-action.ts';
import { Alert } from '../ui/Status.tsx';
import { readableError } from './people-form.ts';
import type { StoredAuth } from './stored-auth.ts';
import type { PeopleData } from './use-people.ts';

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
      <h2 id={ids.heading}>Teams</h2>
      {error && <Alert>{readableError(error)}</Alert>}
      {(people.data?.teams ?? []).map((team) => (
        <TeamCard key={team.id} team={team} reps={reps} busy={busy} onAdd={(repId) => act(() => addTeamMember(auth, team.id, repId))} onRemove={(repId) => act(() => removeTeamMember(auth, team.id, repId))} />
      ))}
      <form
        class="stack"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await createTeam(auth, name);
            setName('');
          });
        }}
      >
        <h3>Create a team</h3>
        <label for={ids.name}>Team name</label>
        <input id={ids.name} type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" disabled={busy}>
          Create team
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
      {members.length === 0 && <p class="empty">No members yet.</p>}
      <ul aria-label={`Members of ${team.name}`}>
        {members.map((m) => (
          <li key={m.id} class="row">
            {m.displayName}
            {!m.canSignIn && <span class="hint"> (disabled)</span>}
            <button type="button" disabled={busy} aria-label={`Remove ${m.displayName} from ${team.name}`} onClick={() => void onRemove(m.id)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {others.length > 0 && (
        <div class="row">
          <label for={ids.pick}>{`Add a member to ${team.name}`}</label>
          <select id={ids.pick} value={chosen} onChange={(e) => setPick(e.currentTarget.value)}>
            {others.map((r) => (
              <option key={r.id} value={r.id}>
                {r.displayName}
              </option>
            ))}
          </select>
          <button type="button" disabled={busy || !chosen} onClick={() => void onAdd(chosen)}>
            {`Add to ${team.name}`}
          </button>
        </div>
      )}
    </article>
  );
}
