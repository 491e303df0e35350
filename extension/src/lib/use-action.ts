import { useState } from 'preact/hooks';
import { errorMessage } from './errors.ts';

/**
 * A button's async action: `busy` while it runs, and its failure as a readable
 * `error` (cleared when the next action starts). `setError` lets a form report
 * its own validation message in the same place.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(action: () => Promise<unknown>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, setError, run };
}
