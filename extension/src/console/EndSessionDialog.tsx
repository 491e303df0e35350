import { useState } from 'preact/hooks';
import { errorMessage } from '../lib/errors.ts';
import { Alert } from '../ui/Status.tsx';
import { ModalDialog } from './ModalDialog.tsx';
import { t } from '../i18n/index.ts';

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
    <ModalDialog title={t('session.endTitle')} onCancel={onCancel}>
      <p>{t('session.endText', { name: customerName })}</p>
      <p class="hint">{t('session.endHoldHint')}</p>
      {error && <Alert>{error}</Alert>}
      <div class="row row--end">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" disabled={busy} onClick={() => void confirm('hold')}>
          {t('session.hold')}
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => void confirm('close')}>
          {t('session.close')}
        </button>
      </div>
    </ModalDialog>
  );
}
