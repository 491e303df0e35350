import { useEffect, useState } from 'preact/hooks';
import type { DirectoryResponse, TransferTarget } from '@rs/protocol';
import { errorMessage } from '../lib/errors.ts';
import { directory } from '../lib/workflow-api.ts';
import { Alert } from '../ui/Status.tsx';
import { ModalDialog } from './ModalDialog.tsx';
import type { StoredAuth } from './stored-auth.ts';
import { t } from '../i18n/index.ts';

/** Transfer: pick another representative (online ones first) or a team. */
export function TransferDialog({ auth, customerName, onTransfer, onCancel }: {
  auth: StoredAuth;
  customerName: string;
  onTransfer: (to: TransferTarget) => Promise<void>;
  onCancel: () => void;
}) {
  const [dir, setDir] = useState<DirectoryResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    directory(auth).then(setDir, (e: unknown) => setError(errorMessage(e)));
  }, [auth]);

  async function transfer(to: TransferTarget): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await onTransfer(to);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  const reps = (dir?.reps ?? []).filter((r) => r.id !== auth.rep.id).sort((a, b) => Number(b.online) - Number(a.online));
  return (
    <ModalDialog title={t('session.transferTitle')} onCancel={onCancel}>
      <p>{t('session.transferText', { name: customerName })}</p>
      {!dir && !error && <p class="hint">{t('common.loading')}</p>}
      {dir && (
        <ul class="transfer-list" role="list">
          {reps.map((r) => (
            <li key={r.id}>
              <button type="button" disabled={busy} onClick={() => void transfer({ kind: 'rep', repId: r.id })}>
                {t('session.transferTo', { name: r.displayName })}
              </button>{' '}
              <span class="hint">{r.online ? t('session.online') : t('session.offline')}</span>
            </li>
          ))}
          {dir.teams.map((team) => (
            <li key={team.id}>
              <button type="button" disabled={busy} onClick={() => void transfer({ kind: 'team', teamId: team.id })}>
                {t('session.transferToTeam', { name: team.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <Alert>{error}</Alert>}
      <div class="row row--end">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </ModalDialog>
  );
}
