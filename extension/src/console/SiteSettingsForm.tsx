import { useId, useState } from 'preact/hooks';
import type { Site } from '@rs/protocol';
import { saveSite } from '../lib/click-to-chat-api.ts';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import { fromDraft, toDraft, type SettingsDraft } from './site-form.ts';
import type { StoredAuth } from './stored-auth.ts';

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
      setStatus('Site saved.');
      onSaved(saved);
    } catch (e) {
      setError(errorMessage(e));
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
      <label for={`${id}-name`}>Site name</label>
      <input id={`${id}-name`} type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <label for={`${id}-path`}>Public page path</label>
      <input id={`${id}-path`} type="text" value={path} disabled={site.path === '/'} onInput={(e) => setPath(e.currentTarget.value)} />
      {check('chatEnabled', 'Click-to-chat enabled')}
      <label for={`${id}-mode`}>Session starts as</label>
      <select id={`${id}-mode`} value={d.startMode} onChange={(e) => set('startMode', e.currentTarget.value === 'full' ? 'full' : 'web')}>
        <option value="web">Web chat on the public page</option>
        <option value="full">Full client (the extension)</option>
      </select>
      {text('agreementText', 'Customer agreement', 'Leave empty for no agreement step.')}
      {check('recordingPrompt', 'Ask the customer to allow or refuse recording')}
      {text('greeting', 'Greeting', 'Placeholders: {position} and {wait}.')}
      {text('holdMessage', 'Hold message', 'Placeholders: {position} and {wait}.')}
      <label for={`${id}-hold`}>Hold message interval (seconds)</label>
      <input id={`${id}-hold`} type="number" min={1} value={d.holdIntervalSeconds} onInput={(e) => set('holdIntervalSeconds', Number(e.currentTarget.value))} />
      {text('noRepMessage', 'No representative available message')}
      <label for={`${id}-url`}>No representative available URL</label>
      <input id={`${id}-url`} type="url" value={d.noRepUrlText} onInput={(e) => set('noRepUrlText', e.currentTarget.value)} />
      <label for={`${id}-maxwait`}>Maximum wait (seconds)</label>
      <input id={`${id}-maxwait`} type="number" min={1} value={d.maxWaitText} onInput={(e) => set('maxWaitText', e.currentTarget.value)} />
      {check('surveyEnabled', 'Exit survey')}
      {text('surveyText', 'Survey questions', 'One per line: "rating: question" (1 to 5) or "text: question".')}
      {check('watermark', 'Watermark on the customer screen')}
      <button type="submit" class="primary">
        Save site
      </button>
      {status && <p role="status">{status}</p>}
      {error && <Alert>{error}</Alert>}
    </form>
  );
}
