import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS, type CreateSessionResponse, type Notice, type PublicSiteResponse, type Site } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login } from '../testing.ts';
import { useTestServer } from '../testing-hooks.ts';

const t = useTestServer({ CUSTOMER_GRACE_MS: '5000' });
const open = t.open;

/** The default site `/` and a second one, `/it`. */
async function twoSites(admin: string): Promise<{ main: Site; it: Site }> {
  const it = (await api<Site>(t.srv.url, '/api/admin/sites', { token: admin, body: { name: 'IT desk', path: '/it', settings: DEFAULT_SITE_SETTINGS } })).body;
  const main = (await api<{ sites: Site[] }>(t.srv.url, '/api/admin/sites', { token: admin })).body.sites.find((s) => s.path === '/')!;
  return { main, it };
}

const addNotice = async (admin: string, title: string, siteIds?: string[] | null, active = true) =>
  api<Notice>(t.srv.url, '/api/admin/notices', { token: admin, body: { title, text: `${title} text`, active, ...(siteIds === undefined ? {} : { siteIds }) } });
const titles = async (path: string) => (await api<PublicSiteResponse>(t.srv.url, `/api/public/site?path=${path}`)).body.notices.map((n) => n.title);

describe('notices per public site', () => {
  it('shows each site only its notices at intake; old-style input means every site; unknown sites are refused', async () => {
    const admin = await login(t.srv.url);
    const { main, it: itSite } = await twoSites(admin);
    const everywhere = await addNotice(admin, 'Everywhere');
    expect([everywhere.status, everywhere.body.siteIds]).toEqual([201, null]);
    const vpn = await addNotice(admin, 'VPN down', [itSite.id, itSite.id]);
    expect([vpn.status, vpn.body.siteIds]).toEqual([201, [itSite.id]]);
    await addNotice(admin, 'Billing late', [main.id]);
    expect(await titles('/')).toEqual(['Everywhere', 'Billing late']);
    expect(await titles('/it')).toEqual(['Everywhere', 'VPN down']);

    const unknown = await addNotice(admin, 'Nowhere', ['site_does_not_exist']);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { code: 'bad_message', message: 'no such public site: site_does_not_exist' } });
    expect((await addNotice(admin, 'Malformed', ['../x'])).status).toBe(400);

    // PUT replaces the sites: VPN down now shows on the default site only.
    const put = await api<Notice>(t.srv.url, `/api/admin/notices/${vpn.body.id}`, { method: 'PUT', token: admin, body: { title: 'VPN down', text: 't', active: true, siteIds: [main.id] } });
    expect(put.body.siteIds).toEqual([main.id]);
    expect(await titles('/it')).toEqual(['Everywhere']);
    expect((await api<{ notices: Notice[] }>(t.srv.url, '/api/admin/notices', { token: admin })).body.notices.map((n) => n.siteIds)).toEqual([null, [main.id], [main.id]]);
  });

  it('deleting a site takes it off notices; the default site and sites with sessions stay', async () => {
    const admin = await login(t.srv.url);
    const { main, it: itSite } = await twoSites(admin);
    const hr = (await api<Site>(t.srv.url, '/api/admin/sites', { token: admin, body: { name: 'HR', path: '/hr', settings: DEFAULT_SITE_SETTINGS } })).body;
    const both = (await addNotice(admin, 'Both', [itSite.id, hr.id])).body;
    const hrOnly = (await addNotice(admin, 'HR only', [hr.id])).body;
    expect((await api(t.srv.url, `/api/admin/sites/${hr.id}`, { method: 'DELETE', token: admin })).status).toBe(204);
    expect((await api(t.srv.url, `/api/admin/sites/${hr.id}`, { method: 'DELETE', token: admin })).status).toBe(404);
    const notices = (await api<{ notices: Notice[] }>(t.srv.url, '/api/admin/notices', { token: admin })).body.notices;
    expect(notices.map((n) => [n.id, n.siteIds])).toEqual([[both.id, [itSite.id]], [hrOnly.id, []]]);
    expect((await api(t.srv.url, '/api/public/site?path=/hr')).status).toBe(404);
    expect(await titles('/')).toEqual([]);

    expect((await api(t.srv.url, `/api/admin/sites/${main.id}`, { method: 'DELETE', token: admin })).status).toBe(409);
    await api(t.srv.url, '/api/sessions', { body: { customerName: 'Ida', sitePath: '/it' } });
    const used = await api<{ error: { code: string } }>(t.srv.url, `/api/admin/sites/${itSite.id}`, { method: 'DELETE', token: admin });
    expect([used.status, used.body.error.code]).toEqual([409, 'conflict']);
  });

  it('pushes a published notice live only to customers of its sites, and limits what a representative can send', async () => {
    const admin = await login(t.srv.url);
    const { it: itSite } = await twoSites(admin);
    const repClient = await open(admin, CONSOLE_ORIGIN);
    const start = async (name: string, sitePath?: string) => {
      const s = (await api<CreateSessionResponse>(t.srv.url, '/api/sessions', { body: { customerName: name, ...(sitePath ? { sitePath } : {}) } })).body;
      return { s, c: await open(s.customerToken, CUSTOMER_ORIGIN) };
    };
    // A chat in progress on /it, one queued on the default site, one started without a site (the default site).
    const ida = await start('Ida', '/it');
    await repClient.request({ type: 'session.accept', id: 'a-ida', sessionId: ida.s.session.id });
    const dan = await start('Dan', '/');
    const ned = await start('Ned');

    const vpn = (await addNotice(admin, 'VPN down', [itSite.id])).body;
    expect((await ida.c.next('notice')).notice).toMatchObject({ id: vpn.id, title: 'VPN down' });
    // Saved again with the same reach: nobody is told twice. Switched off, then on: told again.
    await api(t.srv.url, `/api/admin/notices/${vpn.id}`, { method: 'PUT', token: admin, body: { title: 'VPN down', text: 'Still down', active: true, siteIds: [itSite.id] } });
    await api(t.srv.url, `/api/admin/notices/${vpn.id}`, { method: 'PUT', token: admin, body: { title: 'VPN down', text: 'Fixed', active: false, siteIds: [itSite.id] } });
    const all = (await addNotice(admin, 'Everywhere')).body;
    for (const who of [ida, dan, ned]) expect((await who.c.next('notice')).notice.id).toBe(all.id);
    // Everywhere came after VPN down on each socket: the default site's customers never got VPN down.
    for (const who of [ida, dan, ned]) expect(who.c.received.filter((m) => m.type === 'notice')).toEqual([]);
    // An inactive notice reaches nobody.
    await addNotice(admin, 'Draft', null, false);

    const forIda = (await api<{ notices: Notice[] }>(t.srv.url, `/api/notices?sessionId=${ida.s.session.id}`, { token: admin })).body.notices;
    expect(forIda.map((n) => n.title)).toEqual(['Everywhere']);
    await api(t.srv.url, `/api/admin/notices/${vpn.id}`, { method: 'PUT', token: admin, body: { title: 'VPN down', text: 'Again', active: true, siteIds: [itSite.id] } });
    expect((await ida.c.next('notice')).notice.text).toBe('Again');
    const forDan = (await api<{ notices: Notice[] }>(t.srv.url, `/api/notices?sessionId=${dan.s.session.id}`, { token: admin })).body.notices;
    expect(forDan.map((n) => n.title)).toEqual(['Everywhere']);
    await repClient.request({ type: 'session.accept', id: 'a-dan', sessionId: dan.s.session.id });
    const refused = await repClient.request({ type: 'notice.send', id: 'ns-dan', sessionId: dan.s.session.id, noticeId: vpn.id });
    expect(refused).toMatchObject({ type: 'error', code: 'not_found' });
    expect(await repClient.request({ type: 'notice.send', id: 'ns-ida', sessionId: ida.s.session.id, noticeId: vpn.id })).toMatchObject({ type: 'reply' });
    expect((await ida.c.next('notice')).notice.id).toBe(vpn.id);
    expect(dan.c.received.filter((m) => m.type === 'notice')).toEqual([]);
  });
});
