import { useEffect, useId, useState } from 'preact/hooks';
import { DEFAULT_SITE_SETTINGS, type Notice, type Site } from '@rs/protocol';
import { adminNotices, adminSites, deleteSite, saveSite } from '../lib/click-to-chat-api.ts';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import { AvatarUpload } from './AvatarUpload.tsx';
import { SiteSettingsForm } from './SiteSettingsForm.tsx';
import { NoticesAdmin } from './NoticesAdmin.tsx';
import type { StoredAuth } from './stored-auth.ts';
import { PeopleAdmin } from './PeopleAdmin.tsx';
import { TeamsAdmin } from './TeamsAdmin.tsx';
import { usePeople } from './use-people.ts';
import { t } from '../i18n/index.ts';
import { explained } from '../lib/errors.ts';

/** Settings: every representative's photo; for admins, representatives, teams, the public sites and the customer notices. */
export function AdminPage({ auth }: { auth: StoredAuth }) {
  const ids = { sites: useId(), pick: useId(), newName: useId(), newPath: useId() };
  const admin = auth.rep.role === 'admin';
  const [sites, setSites] = useState<Site[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [notices, setNotices] = useState<Notice[]>([]);
  const [newSite, setNewSite] = useState({ name: '', path: '' });
  const [error, setError] = useState<string | null>(null);
  const people = usePeople(auth, admin);

  useEffect(() => {
    if (!admin) return;
    Promise.all([adminSites(auth), adminNotices(auth)]).then(([s, n]) => {
      setSites(s);
      setSelected((current) => current ?? s[0]?.id ?? null);
      setNotices(n);
    }, (e: unknown) => setError(errorMessage(e)));
  }, [admin, auth.serverUrl, auth.token]);

  async function attempt(action: () => Promise<void>): Promise<void> {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e, { conflict: t('errors.pathTaken') }));
    }
  }

  const site = sites.find((s) => s.id === selected) ?? null;
  return (
    <div class="admin stack" style={{ padding: '1rem' }}>
      <h1>{t('admin.heading')}</h1>
      {error && <Alert>{error}</Alert>}
      <AvatarUpload auth={auth} />
      {admin && (
        <>
          <section class="panel stack" aria-labelledby={ids.sites}>
            <h2 id={ids.sites}>{t('admin.sites')}</h2>
            <label for={ids.pick}>{t('admin.site')}</label>
            <select id={ids.pick} value={selected ?? ''} onChange={(e) => setSelected(e.currentTarget.value)}>
              {sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.path})
                </option>
              ))}
            </select>
            {site && site.path !== '/' && (
              <button type="button" onClick={() => void attempt(async () => {
                await explained(deleteSite(auth, site.id), { conflict: t('errors.siteInUse') });
                setSites((all) => all.filter((s) => s.id !== site.id));
                setSelected(sites[0]?.id ?? null);
                setNotices(await adminNotices(auth));
              })}>
                {t('admin.deleteSite', { name: site.name })}
              </button>
            )}
            {site && <SiteSettingsForm key={site.id} auth={auth} site={site} onSaved={(saved) => setSites((all) => all.map((s) => (s.id === saved.id ? saved : s)))} />}
            <form class="stack" noValidate onSubmit={(e) => {
              e.preventDefault();
              void attempt(async () => {
                const created = await saveSite(auth, null, { name: newSite.name, path: newSite.path, settings: DEFAULT_SITE_SETTINGS });
                setSites((all) => [...all, created]);
                setSelected(created.id);
                setNewSite({ name: '', path: '' });
              });
            }}>
              <h3>{t('admin.addSiteHeading')}</h3>
              <label for={ids.newName}>{t('admin.newSiteName')}</label>
              <input id={ids.newName} type="text" value={newSite.name} onInput={(e) => setNewSite({ ...newSite, name: e.currentTarget.value })} />
              <label for={ids.newPath}>{t('admin.newSitePath')}</label>
              <input id={ids.newPath} type="text" placeholder="/billing" value={newSite.path} onInput={(e) => setNewSite({ ...newSite, path: e.currentTarget.value })} />
              <button type="submit">{t('admin.addSite')}</button>
            </form>
          </section>
          <NoticesAdmin auth={auth} sites={sites} notices={notices} attempt={attempt}
            onSaved={(saved) => setNotices((all) => (all.some((x) => x.id === saved.id) ? all.map((x) => (x.id === saved.id ? saved : x)) : [...all, saved]))} />
          <PeopleAdmin auth={auth} people={people} />
          <TeamsAdmin auth={auth} people={people} />
        </>
      )}
    </div>
  );
}
