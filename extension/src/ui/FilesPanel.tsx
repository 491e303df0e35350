import { useEffect, useRef, useState } from 'preact/hooks';
import { formatFileSize } from '@rs/protocol';
import { FileTransfers, type LocalTransfer, type Side } from '../lib/files/transfers.ts';
import type { LiveClient } from '../lib/live.ts';
import { Alert } from './Status.tsx';
import './files.css';
import { useAction } from '../lib/use-action.ts';

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
    if (file && ref.current) void run(() => ref.current!.offer(file));
  }

  if (!active && transfers.length === 0) return null;
  return (
    <section class="files" aria-label="Files">
      {active && (
        <div class="row">
          <button type="button" disabled={busy || !client} onClick={() => input.current?.click()}>
            Send file
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
          onAnswer={(accept) => void run(() => ref.current!.answer(t.view.id, accept))}
          onCancel={() => void run(() => ref.current!.cancel(t.view.id))}
        />
      ))}
    </section>
  );
}

interface TransferRowProps {
  t: LocalTransfer;
  side: Side;
  busy: boolean;
  onAnswer: (accept: boolean) => void;
  onCancel: () => void;
}

function TransferRow({ t, side, busy, onAnswer, onCancel }: TransferRowProps) {
  const { view } = t;
  const other = side === 'customer' ? 'the representative' : 'the customer';
  const size = formatFileSize(view.size);
  const pct = Math.floor((t.bytes / view.size) * 100);
  const moving = view.state === 'accepted' || (view.state === 'completed' && t.bytes > 0);
  const via = t.route === 'relay' ? 'through the support server' : t.route === 'p2p' ? 'directly' : '';
  const cancel = (
    <button type="button" disabled={busy} aria-label={`Cancel ${view.name}`} onClick={onCancel}>
      Cancel
    </button>
  );
  return (
    <div class="transfer" data-route={t.route ?? ''}>
      {view.state === 'offered' && t.direction === 'in' && (
        <>
          <p>
            {view.senderName} wants to send you <strong>{view.name}</strong> ({size}).
          </p>
          <div class="row">
            <button type="button" class="primary" disabled={busy} onClick={() => onAnswer(true)}>
              Accept file
            </button>
            <button type="button" disabled={busy} onClick={() => onAnswer(false)}>
              Decline file
            </button>
          </div>
        </>
      )}
      {view.state === 'offered' && t.direction === 'out' && (
        <div class="row">
          <p>
            Waiting for {other} to accept <strong>{view.name}</strong> ({size})…
          </p>
          {cancel}
        </div>
      )}
      {view.state === 'declined' && <p role="status">{t.direction === 'out' ? `${capital(other)} declined ${view.name}.` : `You declined ${view.name}.`}</p>}
      {moving && (
        <div class="row">
          <div
            class="progress"
            role="progressbar"
            aria-label={`${t.direction === 'out' ? 'Sending' : 'Receiving'} ${view.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
          >
            <div class="progress-fill" style={{ width: `${pct}%` }} />
          </div>
          <span class="hint">
            {pct}% of {size} {via}
          </span>
          {view.state === 'accepted' && cancel}
        </div>
      )}
      {view.state === 'accepted' && t.resuming && (
        <p role="status">
          Connection lost: resuming {view.name} from {formatFileSize(t.bytes)}…
        </p>
      )}
      {view.state === 'cancelled' && <p role="status">{view.by === side ? `You cancelled ${view.name}.` : `${capital(other)} cancelled ${view.name}.`}</p>}
      {t.direction === 'in' && t.url && (
        <p role="status">
          Received, checksum verified.{' '}
          <a href={t.url} download={view.name}>
            Save {view.name}
          </a>
        </p>
      )}
      {t.direction === 'in' && t.receivedSha256 && (
        <p class="hint">
          SHA-256 <code aria-label={`SHA-256 of ${view.name}`}>{t.receivedSha256}</code>
        </p>
      )}
      {t.direction === 'out' && view.state === 'completed' && <p role="status">Sent {view.name}: {other} verified its checksum.</p>}
      {(view.state === 'failed' || t.error) && view.state !== 'declined' && <Alert>{`${view.name}: ${t.error ?? view.error ?? 'the transfer failed'}`}</Alert>}
    </div>
  );
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
