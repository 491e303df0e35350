import { useId, useState } from 'preact/hooks';
import type { Notice, Site } from '@rs/protocol';
import { saveNotice } from '../lib/click-to-chat-api.ts';
import type { StoredAuth } from './stored-auth.ts';
import { chosenSiteIds, noticeSitesText, siteLabel } from './notice-sites.ts';

interface NoticesAdminProps {
  auth: StoredAuth;
  sites: Site[];
  notices: Notice[];
  onSaved: (notice: Notice) => void;
  /** Runs an action, showing its error on the page. */
  attempt: (action: () => Promise<void>) => Promise<void>;
}

const EMPTY = { title: '', text: '', active: true, allSites: true, siteIds: [] as string[] };

/** Customer notices: each for every public site or for the sites ticked, listed with where they show. */
export function NoticesAdmin({ auth, sites, notices, onSaved, attempt }: NoticesAdminProps) {
  const ids = { heading: useId(), title: useId(), text: useId(), sites: useId() };
  const [form, setForm] = useState(EMPTY);

  const toggleSite = (id: string, on: boolean) =>
    setForm({ ...form, siteIds: on ? [...form.siteIds, id] : form.siteIds.filter((s) => s !== id) });

  return (
    <section class="panel stack" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>Customer notices</h2>
      {notices.length === 0 && <p class="empty">No notices yet.</p>}
      <ul class="stack" role="list" aria-label="Notices">
        {notices.map((n) => (
          <li key={n.id}>
            <strong>{n.title}</strong>: {n.text}
            <p class="hint">
              Shows on: {noticeSitesText(n, sites)}
            </p>
            <label class="check">
              <input type="checkbox" checked={n.active} onChange={(e) => {
                const active = e.currentTarget.checked;
                void attempt(async () => onSaved(await saveNotice(auth, n.id, { title: n.title, text: n.text, active, siteIds: n.siteIds })));
              }} />
              Active: {n.title}
            </label>
          </li>
        ))}
      </ul>
      <form class="stack" noValidate onSubmit={(e) => {
        e.preventDefault();
        void attempt(async () => {
          const where = chosenSiteIds(form.allSites, form.siteIds, sites);
          if ('error' in where) throw new Error(where.error);
          onSaved(await saveNotice(auth, null, { title: form.title, text: form.text, active: form.active, siteIds: where.siteIds }));
          setForm(EMPTY);
        });
      }}>
        <label for={ids.title}>Notice title</label>
        <input id={ids.title} type="text" value={form.title} onInput={(e) => setForm({ ...form, title: e.currentTarget.value })} />
        <label for={ids.text}>Notice text</label>
        <textarea id={ids.text} rows={3} value={form.text} onInput={(e) => setForm({ ...form, text: e.currentTarget.value })} />
        <fieldset class="stack" aria-labelledby={ids.sites}>
          <legend id={ids.sites}>Show on</legend>
          <label class="check">
            <input type="checkbox" checked={form.allSites} onChange={(e) => setForm({ ...form, allSites: e.currentTarget.checked })} />
            All public sites
          </label>
          {!form.allSites &&
            sites.map((s) => (
              <label class="check" key={s.id}>
                <input type="checkbox" checked={form.siteIds.includes(s.id)} onChange={(e) => toggleSite(s.id, e.currentTarget.checked)} />
                {siteLabel(s)}
              </label>
            ))}
        </fieldset>
        <label class="check">
          <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />
          Active
        </label>
        <button type="submit">Add notice</button>
      </form>
    </section>
  );
}
