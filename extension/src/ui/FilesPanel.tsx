import { useEffect, useRef, useState } from 'preact/hooks';
import { formatFileSize } from '@rs/protocol';
import { FileTransfers, type LocalTransfer, type Side } from '../lib/files/transfers.ts';
import type { LiveClient } from '../lib/live.ts';
import { Alert } from './Status.tsx';
import './files.css';
import { useAction } from '../lib/use-action.ts';
import { t as tr } from '../i18n/index.ts';
import { withSlot } from '../i18n/slot.ts';
import { explained } from '../lib/errors.ts';

interface FilesPanelProps {
  client: LiveClient | null;
  serverUrl: string;
  token: string;
  sessionId: string;
  side: Side;
  /** Transfers need a served session; the panel hides otherwise. */
  active: boolean;
}

/**
 * Send file, the other side's requests (Accept file / Decline file), each
 * transfer's progress and outcome, and Cancel while it is offered or moving. Shared by the customer's chat and the
 * console's session view. File names come from the other side: text only.
 */
export function FilesPanel({ client, serverUrl, token, sessionId, side, active }: FilesPanelProps) {
  const [transfers, setTransfers] = useState<LocalTransfer[]>([]);
  const { busy, error, run } = useAction();
  const ref = useRef<FileTransfers | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!client) return;
    const files = (ref.current = new FileTransfers({ client, target: { serverUrl, token }, sessionId, side, onChange: (list) => setTransfers([...list]) }));
    const off = client.onNotice((notice) => {
      if (notice.type === 'file') files.onNotice(notice);
      if (notice.type === 'permissions' && notice.sessionId === sessionId) files.onPermissions(notice.permissions);
    });
    const offWelcome = client.onWelcome(() => void files.load().catch(() => {}));
    if (client.welcome) void files.load().catch(() => {});
    return () => {
      offWelcome();
      off();
      files.close();
      ref.current = null;
    };
  }, [client, serverUrl, token, sessionId, side]);

  function picked(): void {
    const file = input.current?.files?.[0];
    if (input.current) input.current.value = '';
    if (file && ref.current) void run(() => explained(ref.current!.offer(file), notAllowed()));
  }

  if (!active && transfers.length === 0) return null;
  return (
    <section class="files" aria-label={tr('files.region')}>
      {active && (
        <div class="row">
          <button type="button" disabled={busy || !client} onClick={() => input.current?.click()}>
            {tr('files.send')}
          </button>
          <input ref={input} type="file" hidden onChange={picked} />
        </div>
      )}
      {error && <Alert>{error}</Alert>}
      {transfers.map((t) => (
        <TransferRow
          key={t.view.id}
          t={t}
          side={side}
          busy={busy}
          onAnswer={(accept) => void run(() => explained(ref.current!.answer(t.view.id, accept), notAllowed()))}
          onCancel={() => void run(() => ref.current!.cancel(t.view.id))}
        />
      ))}
    </section>
  );
}

const notAllowed = () => ({ forbidden: tr('errors.filesNotAllowed') });

interface TransferRowProps {
  t: LocalTransfer;
  side: Side;
  busy: boolean;
  onAnswer: (accept: boolean) => void;
  onCancel: () => void;
}

function TransferRow({ t, side, busy, onAnswer, onCancel }: TransferRowProps) {
  const { view } = t;
  const other = side === 'customer' ? tr('files.theRepresentative') : tr('files.theCustomer');
  const Other = side === 'customer' ? tr('files.TheRepresentative') : tr('files.TheCustomer');
  const size = formatFileSize(view.size);
  const pct = Math.floor((t.bytes / view.size) * 100);
  const moving = view.state === 'accepted' || (view.state === 'completed' && t.bytes > 0);
  const progress = t.route === 'relay' ? 'files.progressRelay' : t.route === 'p2p' ? 'files.progressDirect' : 'files.progress';
  const bold = <strong>{view.name}</strong>;
  const cancel = (
    <button type="button" disabled={busy} aria-label={tr('files.cancelFile', { name: view.name })} onClick={onCancel}>
      {tr('common.cancel')}
    </button>
  );
  return (
    <div class="transfer" data-route={t.route ?? ''}>
      {view.state === 'offered' && t.direction === 'in' && (
        <>
          <p>{withSlot((name) => tr('files.wantsToSend', { sender: view.senderName, name, size }), bold)}</p>
          <div class="row">
            <button type="button" class="primary" disabled={busy} onClick={() => onAnswer(true)}>
              {tr('files.acceptFile')}
            </button>
            <button type="button" disabled={busy} onClick={() => onAnswer(false)}>
              {tr('files.declineFile')}
            </button>
          </div>
        </>
      )}
      {view.state === 'offered' && t.direction === 'out' && (
        <div class="row">
          <p>{withSlot((name) => tr('files.waitingFor', { other, name, size }), bold)}</p>
          {cancel}
        </div>
      )}
      {view.state === 'declined' && <p role="status">{t.direction === 'out' ? tr('files.otherDeclined', { Other, name: view.name }) : tr('files.youDeclined', { name: view.name })}</p>}
      {moving && (
        <div class="row">
          <div
            class="progress"
            role="progressbar"
            aria-label={tr(t.direction === 'out' ? 'files.sending' : 'files.receiving', { name: view.name })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
          >
            <div class="progress-fill" style={{ width: `${pct}%` }} />
          </div>
          <span class="hint">
            {tr(progress, { pct, size })}
          </span>
          {view.state === 'accepted' && cancel}
        </div>
      )}
      {view.state === 'accepted' && t.resuming && (
        <p role="status">
          {tr('files.resuming', { name: view.name, size: formatFileSize(t.bytes) })}
        </p>
      )}
      {view.state === 'cancelled' && <p role="status">{view.by === side ? tr('files.youCancelled', { name: view.name }) : tr('files.otherCancelled', { Other, name: view.name })}</p>}
      {t.direction === 'in' && t.url && (
        <p role="status">
          {tr('files.received')}{' '}
          <a href={t.url} download={view.name}>
            {tr('files.saveFile', { name: view.name })}
          </a>
        </p>
      )}
      {t.direction === 'in' && t.receivedSha256 && (
        <p class="hint">
          SHA-256 <code aria-label={tr('files.shaOf', { name: view.name })}>{t.receivedSha256}</code>
        </p>
      )}
      {t.direction === 'out' && view.state === 'completed' && <p role="status">{tr('files.sent', { name: view.name, other })}</p>}
      {(view.state === 'failed' || t.error) && view.state !== 'declined' && <Alert>{`${view.name}: ${t.error ?? tr('files.failed')}`}</Alert>}
    </div>
  );
}
