import { useId, useState } from 'preact/hooks';
import { normalizeServerUrl } from '../lib/server-url.ts';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';

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
      setError('Enter the server address, starting with https:// or http://.');
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
      <summary>Connection settings</summary>
      <form class="stack" noValidate onSubmit={(e) => void save(e)}>
        <label for={id}>Support server</label>
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
          <button type="submit">Save</button>
        </div>
        {saved && <p class="hint">Saved.</p>}
        {error && <Alert>{error}</Alert>}
      </form>
    </details>
  );
}
