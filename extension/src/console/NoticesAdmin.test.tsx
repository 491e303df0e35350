import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import { DEFAULT_SITE_SETTINGS, type Notice, type Site } from '@rs/protocol';
import { NoticesAdmin } from './NoticesAdmin.tsx';

const site = (id: string, name: string, path: string): Site => ({ id, name, path, settings: DEFAULT_SITE_SETTINGS });
const sites = [site('site_main1', 'Support', '/'), site('site_it001', '<i>IT</i>', '/it')];
const notice = (id: string, title: string, siteIds: string[] | null): Notice => ({ id, title, text: `${title} text`, active: true, siteIds });
const auth = { serverUrl: 'http://127.0.0.1:1', token: 't', rep: { id: 'admin_0001', username: 'admin', displayName: 'Admin', role: 'admin' as const } };

describe('NoticesAdmin', () => {
  afterEach(cleanup);

  it('lists where each notice shows, site names as text', () => {
    const notices = [notice('notice_01', 'Everywhere', null), notice('notice_02', 'VPN', ['site_it001']), notice('notice_03', 'Orphan', [])];
    render(<NoticesAdmin auth={auth} sites={sites} notices={notices} onSaved={() => {}} attempt={async (a) => a()} />);
    const items = within(screen.getByRole('list', { name: 'Notices' })).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('p')?.textContent)).toEqual([
      'Shows on: All public sites',
      'Shows on: <i>IT</i> (/it)',
      'Shows on: No site',
    ]);
    expect(items[1]!.querySelector('i')).toBeNull();
  });

  it('offers a checkbox per site only once All public sites is unticked, and refuses an empty choice', async () => {
    let failure: unknown = null;
    render(<NoticesAdmin auth={auth} sites={sites} notices={[]} onSaved={() => {}} attempt={async (a) => a().catch((e: unknown) => void (failure = e))} />);
    expect(screen.queryByRole('checkbox', { name: 'Support (/)' })).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: 'All public sites' }));
    expect(screen.getByRole('checkbox', { name: 'Support (/)' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: '<i>IT</i> (/it)' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add notice' }));
    await Promise.resolve();
    expect((failure as Error).message).toBe('Choose at least one public site, or All public sites.');
  });
});
