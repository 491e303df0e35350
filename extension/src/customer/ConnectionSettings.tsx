import { useId, useState } from 'preact/hooks';
import { normalizeServerUrl } from '../lib/server-url.ts';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import { t } from '../i18n/index.ts';

/** Lets the customer point the extension at their company's support server. */
export function ConnectionSettings({ serverUrl, onSaved, save: saveServerUrl }: { serverUrl: string; onSaved: (url: string) => void; save: (url: string) => Promise<void> }) {
  const id = useId();
  const [value, setValue] = useState(serverUrl);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function save(event: Event): Promise<void> {
    event.preventDefault();
    setSaved(false);
    const url = normalizeServerUrl(value);
    if (!url) {
      setError(t('common.serverUrlInvalid'));
      return;
    }
    try {
      await saveServerUrl(url);
      setError(null);
      setValue(url);
      setSaved(true);
      onSaved(url);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <details class="settings">
      <summary>{t('customer.connectionSettings')}</summary>
      <form class="stack" noValidate onSubmit={(e) => void save(e)}>
        <label for={id}>{t('customer.supportServer')}</label>
        <div class="row">
          <input
            id={id}
            type="url"
            value={value}
            autocomplete="url"
            spellcheck={false}
            onInput={(e) => {
              setValue(e.currentTarget.value);
              setSaved(false);
            }}
          />
          <button type="submit">{t('common.save')}</button>
        </div>
        {saved && <p class="hint">{t('common.saved')}</p>}
        {error && <Alert>{error}</Alert>}
      </form>
    </details>
  );
}
