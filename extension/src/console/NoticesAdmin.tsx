import { useId, useState } from 'preact/hooks';
import type { Notice, Site } from '@rs/protocol';
import { saveNotice } from '../lib/click-to-chat-api.ts';
import type { StoredAuth } from './stored-auth.ts';
import { chosenSiteIds, noticeSitesText } from './notice-sites.ts';
import { SitePicker, type SiteChoice } from './SitePicker.tsx';
import { t } from '../i18n/index.ts';
import { UiError } from '../lib/errors.ts';

interface NoticesAdminProps {
  auth: StoredAuth;
  sites: Site[];
  notices: Notice[];
  onSaved: (notice: Notice) => void;
  /** Runs an action, showing its error on the page. */
  attempt: (action: () => Promise<void>) => Promise<void>;
}

const EMPTY = { title: '', text: '', active: true, where: { all: true, siteIds: [] } as SiteChoice };

/** Customer notices: each for every public site or for the sites ticked, listed with where they show. */
export function NoticesAdmin({ auth, sites, notices, onSaved, attempt }: NoticesAdminProps) {
  const ids = { heading: useId(), title: useId(), text: useId() };
  const [form, setForm] = useState(EMPTY);

  return (
    <section class="panel stack" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>{t('admin.notices')}</h2>
      {notices.length === 0 && <p class="empty">{t('admin.noNotices')}</p>}
      <ul class="stack" role="list" aria-label={t('admin.noticeList')}>
        {notices.map((n) => (
          <li key={n.id}>
            <strong>{n.title}</strong>: {n.text}
            <p class="hint">
              {t('admin.showsOn', { sites: noticeSitesText(n, sites) })}
            </p>
            <label class="check">
              <input type="checkbox" checked={n.active} onChange={(e) => {
                const active = e.currentTarget.checked;
                void attempt(async () => onSaved(await saveNotice(auth, n.id, { title: n.title, text: n.text, active, siteIds: n.siteIds })));
              }} />
              {t('admin.activeNamed', { title: n.title })}
            </label>
            <NoticeSitesEditor notice={n} sites={sites} onSave={(where) => attempt(async () => {
              const chosen = chosenSiteIds(where.all, where.siteIds, sites);
              if ('error' in chosen) throw new UiError('bad_message', chosen.error);
              onSaved(await saveNotice(auth, n.id, { title: n.title, text: n.text, active: n.active, siteIds: chosen.siteIds }));
            })} />
          </li>
        ))}
      </ul>
      <form class="stack" noValidate onSubmit={(e) => {
        e.preventDefault();
        void attempt(async () => {
          const where = chosenSiteIds(form.where.all, form.where.siteIds, sites);
          if ('error' in where) throw new UiError('bad_message', where.error);
          onSaved(await saveNotice(auth, null, { title: form.title, text: form.text, active: form.active, siteIds: where.siteIds }));
          setForm(EMPTY);
        });
      }}>
        <label for={ids.title}>{t('admin.noticeTitle')}</label>
        <input id={ids.title} type="text" value={form.title} onInput={(e) => setForm({ ...form, title: e.currentTarget.value })} />
        <label for={ids.text}>{t('admin.noticeText')}</label>
        <textarea id={ids.text} rows={3} value={form.text} onInput={(e) => setForm({ ...form, text: e.currentTarget.value })} />
        <SitePicker legend={t('admin.showOn')} sites={sites} value={form.where} onChange={(where) => setForm({ ...form, where })} />
        <label class="check">
          <input type="checkbox" checked={form.active} onChange={(e) => setForm({ ...form, active: e.currentTarget.checked })} />
          {t('admin.active')}
        </label>
        <button type="submit">{t('admin.addNotice')}</button>
      </form>
    </section>
  );
}

/** Changing the sites of a listed notice, folded away until wanted. */
function NoticeSitesEditor({ notice, sites, onSave }: { notice: Notice; sites: Site[]; onSave: (where: SiteChoice) => Promise<void> }) {
  const initial = (): SiteChoice => ({ all: notice.siteIds === null, siteIds: notice.siteIds ?? [] });
  const [where, setWhere] = useState(initial);
  return (
    <details onToggle={() => setWhere(initial())}>
      <summary>{t('admin.changeSites', { title: notice.title })}</summary>
      <SitePicker legend={t('admin.showNamedOn', { title: notice.title })} sites={sites} value={where} onChange={setWhere} nameSuffix={t('admin.forNotice', { title: notice.title })} />
      <button type="button" onClick={() => void onSave(where)}>
        {t('admin.saveSites', { title: notice.title })}
      </button>
    </details>
  );
}
