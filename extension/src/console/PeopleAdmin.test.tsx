import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/preact';
import type { PeopleResponse, RepAdminView } from '@rs/protocol';
import { PeopleAdmin } from './PeopleAdmin.tsx';
import { TeamsAdmin } from './TeamsAdmin.tsx';

const rep = (id: string, displayName: string, over: Partial<RepAdminView> = {}): RepAdminView => ({
  id, username: displayName.toLowerCase(), displayName, role: 'rep', canSignIn: true, disabledAt: null, online: false, teamIds: [], createdAt: 1, ...over,
});
const data: PeopleResponse = {
  reps: [
    rep('admin_0001', 'Admin', { role: 'admin', teamIds: ['team_0001'], online: true }),
    rep('rep_00002', '<b>Dora</b>', { canSignIn: false, disabledAt: 5, teamIds: ['team_0001', 'team_0002'] }),
  ],
  teams: [{ id: 'team_0001', name: 'General', memberIds: ['admin_0001', 'rep_00002'] }, { id: 'team_0002', name: 'Billing', memberIds: ['rep_00002'] }],
};
const auth = { serverUrl: 'http://127.0.0.1:1', token: 't', rep: { id: 'admin_0001', username: 'admin', displayName: 'Admin', role: 'admin' as const } };
const people = { data, error: null, refresh: async () => {} };

describe('PeopleAdmin and TeamsAdmin', () => {
  afterEach(cleanup);

  it('shows each representative with role, teams and sign-in state; an admin cannot disable themselves', () => {
    render(<PeopleAdmin auth={auth} people={people} />);
    const rows = within(screen.getByRole('table', { name: 'Representatives' })).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('NameUsernameRoleTeams'),
      expect.stringContaining('AdminadminAdministratorGeneralCan sign in (online)'),
      expect.stringContaining('<b>Dora</b><b>dora</b>RepresentativeGeneral, BillingDisabled'),
    ]);
    expect(rows[2]!.querySelector('b')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Disable Admin' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Enable <b>Dora</b>' }).textContent).toBe('Enable');
    expect(screen.getByRole('button', { name: 'Make Admin a representative' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reset password for <b>Dora</b>' })).toBeTruthy();
  });

  it('lists teams with their members and offers only non-members to add', () => {
    render(<TeamsAdmin auth={auth} people={people} />);
    expect(within(screen.getByRole('list', { name: 'Members of Billing' })).getByText('<b>Dora</b>')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove <b>Dora</b> from Billing' })).toBeTruthy();
    const pick = screen.getByRole('combobox', { name: 'Add a member to Billing' }) as HTMLSelectElement;
    expect([...pick.options].map((o) => o.text)).toEqual(['Admin']);
    expect(screen.queryByRole('combobox', { name: 'Add a member to General' })).toBeNull();
  });
});
