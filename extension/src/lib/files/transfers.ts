import { decodeFileFrame, encodeFileFrame, FileLimitsSchema, FileListResponseSchema, ProtocolError, parseWith, type FileLimits, type FileNotice, type FileRoute, type FileTransferView, type PermissionView } from '@rs/protocol';
import { apiCall, expectShape, type ApiTarget } from '../api.ts';
import { errorMessage } from '../errors.ts';
import type { LiveClient } from '../live.ts';
import { PeerLink, peerCredentials, type PeerChannel } from '../peer/index.ts';
import { WindowAssembler, newTransferId, sha256Hex } from './chunks.ts';
import { downloadRelay, sendP2P, uploadRelay } from './routes.ts';
import { t as tr } from '../../i18n/index.ts';
import { UiError } from '../errors.ts';

export type Side = 'customer' | 'rep';

/** Shortest time between two renders for progress alone. */
const PROGRESS_MS = 100;

/** One transfer as this side sees it: the server's view plus local progress. */
export interface LocalTransfer {
  view: FileTransferView;
  direction: 'out' | 'in';
  /** Bytes sent (acknowledged) or received so far. */
  bytes: number;
  route: FileRoute | null;
  /** For the receiver: a verified file to save. */
  url: string | null;
  receivedSha256: string | null;
  error: string | null;
  /** The direct connection broke mid-transfer; a new one is resuming from the last verified chunk. */
  resuming: boolean;
}

export interface FileTransfersOptions {
  client: LiveClient;
  target: ApiTarget & { token: string };
  sessionId: string;
  side: Side;
  onChange: (transfers: LocalTransfer[]) => void;
  /** How long the direct data channel has to open before the server relay is used. */
  p2pTimeoutMs?: number;
}

/**
 * Both sides of file transfer in one session. The control plane goes through
 * the server (offer, answer, outcome); the bytes go over a PeerJS `raw`
 * data connection, or through the server's relay when that does not open in
 * time or fails. The receiver checks the SHA-256 the sender announced before
 * it offers the file to save, and reports the outcome.
 */
export class FileTransfers {
  readonly #o: FileTransfersOptions;
  readonly #transfers = new Map<string, LocalTransfer>();
  readonly #files = new Map<string, File>();
  readonly #started = new Set<string>();
  readonly #assemblers = new Map<string, WindowAssembler>();
  /** The direct connection each incoming transfer is on now (a resumed one replaces a broken one). */
  readonly #channels = new Map<string, PeerChannel>();
  #limits: Promise<FileLimits> | null = null;
  #lastEmit = 0;
  #trailing: ReturnType<typeof setTimeout> | undefined;
  #link: Promise<PeerLink> | null = null;
  #closed = false;

  constructor(options: FileTransfersOptions) {
    this.#o = options;
  }

  get list(): LocalTransfer[] {
    return [...this.#transfers.values()];
  }

  limits(): Promise<FileLimits> {
    return (this.#limits ??= apiCall({ serverUrl: this.#o.target.serverUrl }, 'GET', '/api/files/limits').then((raw) => expectShape(parseWith(FileLimitsSchema, raw))));
  }

  /** After (re)connecting: the server's view of every transfer, so a reloaded page shows open offers again. */
  async load(): Promise<void> {
    const raw = await apiCall(this.#o.target, 'GET', `/api/sessions/${encodeURIComponent(this.#o.sessionId)}/files`);
    const { transfers } = expectShape(parseWith(FileListResponseSchema, raw));
    for (const transfer of transfers) this.onNotice({ type: 'file', sessionId: this.#o.sessionId, transfer });
    // A file this page accepted before it was reloaded: reachable again, so the sender's next connection resumes it here.
    const incoming = (v: FileTransferView) => v.from !== this.#o.side && v.state === 'accepted' && !v.relayReady;
    if (transfers.some(incoming)) void this.#openLink().catch(() => {});
  }

  /** Send file: hash it, then offer it through the server. */
  async offer(file: File): Promise<void> {
    const { maxBytes } = await this.limits();
    if (file.size === 0) throw new UiError('bad_message', tr('files.empty'));
    if (file.size > maxBytes) throw new UiError('too_large', tr('files.tooBig', { mb: Math.floor(maxBytes / 1048576) }));
    const transferId = newTransferId();
    const sha256 = await sha256Hex(file);
    this.#files.set(transferId, file);
    await this.#o.client.request({ type: 'file.offer', sessionId: this.#o.sessionId, transferId, name: file.name, size: file.size, sha256 });
  }

  /** Accept file / Decline file. Accepting makes this side reachable directly first. */
  async answer(transferId: string, accept: boolean): Promise<void> {
    const t = this.#transfers.get(transferId);
    if (!t) throw new UiError('not_found', tr('files.noSuchFile'));
    if (accept && t.view.size > (await this.limits()).maxBytes) throw new UiError('too_large', tr('files.tooBigForServer'));
    if (accept) await this.#openLink().catch((e: unknown) => console.warn('files: no direct connection, the relay will be used', e));
    await this.#o.client.request({ type: 'file.answer', sessionId: this.#o.sessionId, transferId, accept });
  }

  /** Cancel: an offer not yet answered, or a transfer on its way; either side may. Both stop when the server says so. */
  async cancel(transferId: string): Promise<void> {
    await this.#o.client.request({ type: 'file.cancel', sessionId: this.#o.sessionId, transferId });
  }

  onNotice(notice: FileNotice): void {
    if (notice.sessionId !== this.#o.sessionId || this.#closed) return;
    const view = notice.transfer;
    const direction = view.from === this.#o.side ? 'out' : 'in';
    const t: LocalTransfer = this.#transfers.get(view.id) ?? { view, direction, bytes: 0, route: null, url: null, receivedSha256: null, error: null, resuming: false };
    t.view = view;
    if (view.state === 'failed' || view.state === 'declined') t.error ??= view.error ? tr('files.failed') : null;
    if (view.state === 'completed' && direction === 'out') t.bytes = view.size;
    if (view.state !== 'accepted') t.resuming = false;
    this.#transfers.set(view.id, t);
    this.#emit();
    if (direction === 'out' && view.state === 'accepted' && !this.#started.has(view.id)) {
      this.#started.add(view.id);
      void this.#send(t);
    }
    if (direction === 'in' && view.state === 'accepted' && view.relayReady && !this.#started.has(view.id)) {
      this.#started.add(view.id);
      void this.#receiveRelay(t);
    }
    if (view.state !== 'offered' && view.state !== 'accepted') this.#settled(view.id);
  }

  /** STOP SHARING took `files` back: what is moving stops here too (the server refuses the rest). */
  onPermissions(permissions: PermissionView[]): void {
    const files = permissions.find((p) => p.kind === 'files');
    if (files?.state !== 'revoked') return;
    for (const t of this.#transfers.values()) if (t.view.state === 'accepted') this.#fail(t, tr('files.permissionTakenBack'), true);
  }

  /** Idempotent: drops the direct link and every saved file's URL. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#trailing);
    void this.#link?.then((l) => l.close()).catch(() => {});
    this.#link = null;
    for (const t of this.#transfers.values()) if (t.url) URL.revokeObjectURL(t.url);
  }

  async #send(t: LocalTransfer): Promise<void> {
    const file = this.#files.get(t.view.id);
    if (!file) return this.#fail(t, tr('files.gone'), true);
    const progress = (bytes: number) => {
      t.bytes = bytes;
      this.#progressed();
    };
    try {
      t.route = 'p2p';
      this.#emit();
      const link = await this.#openLink();
      const remote = (await peerCredentials(this.#o.target, this.#o.sessionId)).remotePeerId;
      if (!remote) throw new ProtocolError('invalid_state', 'the other side has no peer id');
      await sendP2P({
        connect: () => link.connect(remote, 'raw', 'file'),
        transferId: t.view.id,
        file,
        progress: (bytes) => {
          if (t.resuming) {
            t.resuming = false;
            t.bytes = bytes;
            return this.#emit();
          }
          progress(bytes);
        },
        openTimeoutMs: this.#o.p2pTimeoutMs ?? 5000,
        active: () => this.#active(t),
        resuming: () => {
          t.resuming = true;
          this.#emit();
        },
      });
      this.#emit();
    } catch (error) {
      if (!this.#active(t)) return;
      // The log keeps the technical reason (errorMessage would give the reader's sentence for its code).
      console.warn('files: direct transfer failed, using the server relay:', error instanceof Error ? error.message : String(error));
      t.route = 'relay';
      t.resuming = false;
      progress(0);
      try {
        await uploadRelay(
          this.#o.target,
          this.#o.sessionId,
          t.view.id,
          file,
          (bytes) => {
            if (t.resuming) {
              t.resuming = false;
              t.bytes = bytes;
              return this.#emit();
            }
            progress(bytes);
          },
          () => this.#active(t),
          () => {
            t.resuming = true;
            this.#emit();
          },
        );
      } catch (e) {
        if (this.#active(t)) this.#fail(t, tr('files.uploadFailed', { reason: errorMessage(e) }), true);
      }
    }
  }

  async #receiveRelay(t: LocalTransfer): Promise<void> {
    this.#assemblers.delete(t.view.id); // a direct attempt that broke off: the relay has the whole file
    this.#channels.get(t.view.id)?.close();
    t.route = 'relay';
    t.resuming = false;
    t.bytes = 0;
    this.#emit();
    try {
      const blob = await downloadRelay(this.#o.target, this.#o.sessionId, t.view, (bytes) => {
        t.bytes = bytes;
        this.#progressed();
      });
      await this.#verify(t, blob, 'relay');
    } catch (error) {
      if (this.#active(t)) this.#fail(t, tr('files.downloadFailed', { reason: errorMessage(error) }), true);
    }
  }

  /**
   * A direct connection from the sender: `file.start`, answered with where to start (`file.resume`: the chunks
   * already verified, kept across broken connections), then chunks and windows; each window is checked and
   * acknowledged once (binary frames).
   */
  #onChannel(channel: PeerChannel): void {
    if (channel.label !== 'file') return;
    let transfer: LocalTransfer | null = null;
    const bad = (t: LocalTransfer, error: unknown) => {
      channel.close();
      this.#fail(t, tr('files.badChunk', { reason: errorMessage(error) }), true);
    };
    channel.onClose(() => {
      const t = transfer;
      if (!t || this.#channels.get(t.view.id) !== channel) return;
      this.#channels.delete(t.view.id);
      // Kept: what is verified; the sender opens a new connection and resumes from there.
      if (this.#active(t) && this.#assemblers.has(t.view.id)) {
        t.resuming = true;
        this.#emit();
      }
    });
    channel.onBytes((raw) => {
      const frame = decodeFileFrame(raw);
      if (!frame.ok) return console.warn('files: dropped a frame:', frame.error.message);
      const m = frame.value;
      if (m.type === 'file.start') {
        const t = this.#transfers.get(m.transferId);
        if (transfer || !t || t.direction !== 'in' || !this.#active(t) || t.view.relayReady) return channel.close();
        transfer = t;
        t.route = 'p2p';
        const previous = this.#channels.get(t.view.id);
        this.#channels.set(t.view.id, channel);
        previous?.close();
        let assembler = this.#assemblers.get(t.view.id);
        if (!assembler) this.#assemblers.set(t.view.id, (assembler = new WindowAssembler(t.view.size)));
        const a = assembler;
        void a.resume().then(
          (seq) => {
            if (!channel.isOpen || this.#assemblers.get(t.view.id) !== a) return;
            t.bytes = a.receivedBytes;
            this.#emit();
            channel.sendBytes(encodeFileFrame({ type: 'file.resume', transferId: t.view.id, seq }));
          },
          (error: unknown) => bad(t, error),
        );
        return;
      }
      const t = transfer;
      if (!t || m.transferId !== t.view.id || this.#channels.get(t.view.id) !== channel) return;
      const assembler = this.#assemblers.get(t.view.id);
      if (!assembler) return;
      try {
        if (m.type === 'file.chunk') {
          assembler.add(m.seq, m.data);
          t.bytes = assembler.receivedBytes;
          if (t.resuming) {
            t.resuming = false;
            this.#emit();
          } else this.#progressed();
        } else if (m.type === 'file.window') {
          void assembler.closeWindow(m.seq, m.sha256).then(
            (kept) => {
              if (!kept || this.#assemblers.get(t.view.id) !== assembler) return;
              if (channel.isOpen) channel.sendBytes(encodeFileFrame({ type: 'file.ack', transferId: t.view.id, seq: m.seq }));
              if (!assembler.complete) return;
              this.#assemblers.delete(t.view.id);
              this.#channels.delete(t.view.id);
              void this.#verify(t, assembler.blob(), 'p2p');
            },
            (error: unknown) => bad(t, error),
          );
        }
      } catch (error) {
        bad(t, error);
      }
    });
  }

  async #verify(t: LocalTransfer, blob: Blob, route: FileRoute): Promise<void> {
    const sha = await sha256Hex(blob);
    t.receivedSha256 = sha;
    const report = { type: 'file.report', sessionId: this.#o.sessionId, transferId: t.view.id, route } as const;
    if (sha !== t.view.sha256) {
      t.error = tr('files.damaged');
      this.#emit();
      await this.#o.client.request({ ...report, outcome: 'failed', error: 'checksum mismatch' }).catch(() => {});
      return;
    }
    t.url = URL.createObjectURL(blob);
    this.#emit();
    await this.#o.client.request({ ...report, outcome: 'completed' }).catch((e: unknown) => this.#fail(t, errorMessage(e), false));
  }

  #fail(t: LocalTransfer, error: string, tellServer: boolean): void {
    t.error = error;
    this.#emit();
    if (tellServer && t.view.state === 'accepted') {
      void this.#o.client.request({ type: 'file.report', sessionId: this.#o.sessionId, transferId: t.view.id, outcome: 'failed', route: t.route ?? 'p2p', error }).catch(() => {});
    }
  }

  #active(t: LocalTransfer): boolean {
    return !this.#closed && t.view.state === 'accepted' && t.error === null;
  }

  #openLink(): Promise<PeerLink> {
    if (!this.#link) {
      const opening = PeerLink.open(this.#o.target, this.#o.sessionId).then((link) => {
        link.onChannel((channel) => this.#onChannel(channel));
        link.onClose(() => {
          if (this.#link === opening) this.#link = null;
        });
        return link;
      });
      this.#link = opening;
      opening.catch(() => {
        if (this.#link === opening) this.#link = null;
      });
    }
    return this.#link;
  }

  /** A transfer ended; with nothing else moving, leave the peer server (the same id serves screen sharing). */
  #settled(transferId: string): void {
    this.#files.delete(transferId);
    this.#assemblers.delete(transferId);
    this.#channels.get(transferId)?.close();
    this.#channels.delete(transferId);
    if ([...this.#transfers.values()].some((t) => t.view.state === 'accepted' || (t.view.state === 'offered' && t.direction === 'in'))) return;
    const link = this.#link;
    this.#link = null;
    void link?.then((l) => l.close()).catch(() => {});
  }

  #emit(): void {
    this.#lastEmit = performance.now();
    clearTimeout(this.#trailing);
    this.#trailing = undefined;
    this.#o.onChange(this.list);
  }

  /**
   * Bytes moved: shown at most every PROGRESS_MS, and once more after the last (a render of the page per
   * chunk was what held a receiver back). Changes of state are shown at once (`#emit`).
   */
  #progressed(): void {
    if (performance.now() - this.#lastEmit >= PROGRESS_MS) return this.#emit();
    this.#trailing ??= setTimeout(() => this.#emit(), PROGRESS_MS);
  }
}
