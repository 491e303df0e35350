import { useId, useState } from 'preact/hooks';
import type { Site } from '@rs/protocol';
import { saveSite } from '../lib/click-to-chat-api.ts';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import { fromDraft, toDraft, type SettingsDraft } from './site-form.ts';
import type { StoredAuth } from './stored-auth.ts';
import { t } from '../i18n/index.ts';
import { UI_LANGUAGES } from '@rs/protocol';

/** Every click-to-chat setting of one public site, saved as a whole. */
export function SiteSettingsForm({ auth, site, onSaved }: { auth: StoredAuth; site: Site; onSaved: (site: Site) => void }) {
  const id = useId();
  const [name, setName] = useState(site.name);
  const [path, setPath] = useState(site.path);
  const [d, setD] = useState<SettingsDraft>(() => toDraft(site.settings));
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]) => {
    setD((current) => ({ ...current, [key]: value }));
    setStatus(null);
  };

  async function save(event: Event): Promise<void> {
    event.preventDefault();
    setError(null);
    try {
      const saved = await saveSite(auth, site.id, { name, path, settings: fromDraft(d) });
      setStatus(t('admin.siteSaved'));
      onSaved(saved);
    } catch (e) {
      setError(errorMessage(e, { conflict: t('errors.pathTaken') }));
    }
  }

  const text = (key: 'agreementText' | 'greeting' | 'holdMessage' | 'noRepMessage' | 'surveyText', label: string, hint?: string) => (
    <>
      <label for={`${id}-${key}`}>{label}</label>
      {hint && <p class="hint">{hint}</p>}
      <textarea id={`${id}-${key}`} rows={3} value={d[key]} onInput={(e) => set(key, e.currentTarget.value)} />
    </>
  );
  const check = (key: 'chatEnabled' | 'recordingPrompt' | 'surveyEnabled' | 'watermark', label: string) => (
    <label class="check">
      <input type="checkbox" checked={d[key]} onChange={(e) => set(key, e.currentTarget.checked)} />
      {label}
    </label>
  );

  return (
    <form class="stack" noValidate onSubmit={(e) => void save(e)}>
      <label for={`${id}-name`}>{t('admin.siteName')}</label>
      <input id={`${id}-name`} type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <label for={`${id}-path`}>{t('admin.pagePath')}</label>
      <input id={`${id}-path`} type="text" value={path} disabled={site.path === '/'} onInput={(e) => setPath(e.currentTarget.value)} />
      {check('chatEnabled', t('admin.chatEnabled'))}
      <label for={`${id}-mode`}>{t('admin.startsAs')}</label>
      <select id={`${id}-mode`} value={d.startMode} onChange={(e) => set('startMode', e.currentTarget.value === 'full' ? 'full' : 'web')}>
        <option value="web">{t('admin.startWeb')}</option>
        <option value="full">{t('admin.startFull')}</option>
      </select>
      <label for={`${id}-language`}>{t('admin.language')}</label>
      <p class="hint">{t('admin.languageHint')}</p>
      <select id={`${id}-language`} value={d.language} onChange={(e) => set('language', UI_LANGUAGES.find((l) => l === e.currentTarget.value) ?? 'en')}>
        {UI_LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`languages.${l}`)}
          </option>
        ))}
      </select>
      {text('agreementText', t('admin.agreement'), t('admin.agreementHint'))}
      {check('recordingPrompt', t('admin.recordingPrompt'))}
      {text('greeting', t('admin.greeting'), t('admin.placeholders'))}
      {text('holdMessage', t('admin.holdMessage'), t('admin.placeholders'))}
      <label for={`${id}-hold`}>{t('admin.holdInterval')}</label>
      <input id={`${id}-hold`} type="number" min={1} value={d.holdIntervalSeconds} onInput={(e) => set('holdIntervalSeconds', Number(e.currentTarget.value))} />
      {text('noRepMessage', t('admin.noRepMessage'))}
      <label for={`${id}-url`}>{t('admin.noRepUrl')}</label>
      <input id={`${id}-url`} type="url" value={d.noRepUrlText} onInput={(e) => set('noRepUrlText', e.currentTarget.value)} />
      <label for={`${id}-maxwait`}>{t('admin.maxWait')}</label>
      <input id={`${id}-maxwait`} type="number" min={1} value={d.maxWaitText} onInput={(e) => set('maxWaitText', e.currentTarget.value)} />
      {check('surveyEnabled', t('admin.survey'))}
      {text('surveyText', t('admin.surveyQuestions'), t('admin.surveyHint'))}
      {check('watermark', t('admin.watermark'))}
      <button type="submit" class="primary">
        {t('admin.saveSite')}
      </button>
      {status && <p role="status">{status}</p>}
      {error && <Alert>{error}</Alert>}
    </form>
  );
}
