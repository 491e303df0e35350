import { useState } from 'preact/hooks';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import { ModalDialog } from './ModalDialog.tsx';

interface EndSessionDialogProps {
  customerName: string;
  onConfirm: (mode: 'close' | 'hold') => Promise<void>;
  onCancel: () => void;
}

/** Modal confirmation before the rep ends a session: Close it, or Hold it for another representative. */
export function EndSessionDialog({ customerName, onConfirm, onCancel }: EndSessionDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm(mode: 'close' | 'hold'): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await onConfirm(mode);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <ModalDialog title="End this session?" onCancel={onCancel}>
      <p>The chat with {customerName} will close for both of you. The transcript is kept.</p>
      <p class="hint">Hold Session instead closes only your side: the session waits in the team queue, transcript and all, for another representative.</p>
      {error && <Alert>{error}</Alert>}
      <div class="row row--end">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" disabled={busy} onClick={() => void confirm('hold')}>
          Hold Session
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => void confirm('close')}>
          Close Session
        </button>
      </div>
    </ModalDialog>
  );
}
