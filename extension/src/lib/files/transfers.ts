import { decodeFileFrame, encodeFileFrame, FileLimitsSchema, FileListResponseSchema, ProtocolError, parseWith, type FileLimits, type FileNotice, type FileRoute, type FileTransferView, type PermissionView } from '@rs/protocol';
import { apiCall, expectShape, type ApiTarget } from '../api.ts';
import { errorMessage } from '../errors.ts';
import type { LiveClient } from '../live.ts';
import { PeerLink, peerCredentials, type PeerChannel } from '../peer/index.ts';
import { ChunkAssembler, newTransferId, sha256Hex } from './chunks.ts';
import { downloadRelay, sendP2P, uploadRelay } from './routes.ts';

export type Side = 'customer' | 'rep';

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
  readonly #assemblers = new Map<string, ChunkAssembler>();
  #limits: Promise<FileLimits> | null = null;
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
    for (const transfer of expectShape(parseWith(FileListResponseSchema, raw)).transfers) this.onNotice({ type: 'file', sessionId: this.#o.sessionId, transfer });
  }

  /** Send file: hash it, then offer it through the server. */
  async offer(file: File): Promise<void> {
    const { maxBytes } = await this.limits();
    if (file.size === 0) throw new ProtocolError('bad_message', 'That file is empty.');
    if (file.size > maxBytes) throw new ProtocolError('too_large', `Files may be at most ${Math.floor(maxBytes / 1048576)} MB.`);
    const transferId = newTransferId();
    const sha256 = await sha256Hex(file);
    this.#files.set(transferId, file);
    await this.#o.client.request({ type: 'file.offer', sessionId: this.#o.sessionId, transferId, name: file.name, size: file.size, sha256 });
  }

  /** Accept file / Decline file. Accepting makes this side reachable directly first. */
  async answer(transferId: string, accept: boolean): Promise<void> {
    const t = this.#transfers.get(transferId);
    if (!t) throw new ProtocolError('not_found', 'No such file.');
    if (accept && t.view.size > (await this.limits()).maxBytes) throw new ProtocolError('too_large', 'That file is larger than this server allows.');
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
    const t: LocalTransfer = this.#transfers.get(view.id) ?? { view, direction, bytes: 0, route: null, url: null, receivedSha256: null, error: null };
    t.view = view;
    if (view.state === 'failed' || view.state === 'declined') t.error ??= view.error;
    if (view.state === 'completed' && direction === 'out') t.bytes = view.size;
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
    for (const t of this.#transfers.values()) if (t.view.state === 'accepted') this.#fail(t, 'The customer took back the file transfer permission.', true);
  }

  /** Idempotent: drops the direct link and every saved file's URL. */
  close(): void {
    this.#closed = true;
    void this.#link?.then((l) => l.close()).catch(() => {});
    this.#link = null;
    for (const t of this.#transfers.values()) if (t.url) URL.revokeObjectURL(t.url);
  }

  async #send(t: LocalTransfer): Promise<void> {
    const file = this.#files.get(t.view.id);
    if (!file) return this.#fail(t, 'The file is no longer available here (was the page reloaded?).', true);
    const progress = (bytes: number) => {
      t.bytes = bytes;
      this.#emit();
    };
    try {
      t.route = 'p2p';
      this.#emit();
      const link = await this.#openLink();
      const remote = (await peerCredentials(this.#o.target, this.#o.sessionId)).remotePeerId;
      if (!remote) throw new ProtocolError('invalid_state', 'the other side has no peer id');
      await sendP2P(link.connect(remote, 'raw', 'file'), t.view.id, file, progress, this.#o.p2pTimeoutMs ?? 5000, () => this.#active(t));
    } catch (error) {
      if (!this.#active(t)) return;
      console.warn('files: direct transfer failed, using the server relay:', errorMessage(error));
      t.route = 'relay';
      progress(0);
      try {
        await uploadRelay(this.#o.target, this.#o.sessionId, t.view.id, file, progress, () => this.#active(t));
      } catch (e) {
        if (this.#active(t)) this.#fail(t, `The upload failed: ${errorMessage(e)}`, true);
      }
    }
  }

  async #receiveRelay(t: LocalTransfer): Promise<void> {
    this.#assemblers.delete(t.view.id); // a direct attempt that broke off: the relay has the whole file
    t.route = 'relay';
    t.bytes = 0;
    this.#emit();
    try {
      const blob = await downloadRelay(this.#o.target, this.#o.sessionId, t.view, (bytes) => {
        t.bytes = bytes;
        this.#emit();
      });
      await this.#verify(t, blob, 'relay');
    } catch (error) {
      if (this.#active(t)) this.#fail(t, `The download failed: ${errorMessage(error)}`, true);
    }
  }

  /** A direct connection from the sender: `file.start`, then chunks, each acknowledged (binary frames). */
  #onChannel(channel: PeerChannel): void {
    if (channel.label !== 'file') return;
    let transfer: LocalTransfer | null = null;
    channel.onBytes((raw) => {
      const frame = decodeFileFrame(raw);
      if (!frame.ok) return console.warn('files: dropped a frame:', frame.error.message);
      const m = frame.value;
      if (m.type === 'file.start') {
        const t = this.#transfers.get(m.transferId);
        if (!t || t.direction !== 'in' || t.view.state !== 'accepted' || t.view.relayReady) return channel.close();
        transfer = t;
        t.route = 'p2p';
        this.#assemblers.set(t.view.id, new ChunkAssembler(t.view.size));
        this.#emit();
        return;
      }
      if (m.type !== 'file.chunk' || !transfer || m.transferId !== transfer.view.id) return;
      const t = transfer;
      const assembler = this.#assemblers.get(t.view.id);
      if (!assembler) return;
      try {
        assembler.add(m.seq, m.data);
      } catch (error) {
        channel.close();
        return this.#fail(t, `The sender sent a bad chunk: ${errorMessage(error)}`, true);
      }
      if (channel.isOpen) channel.sendBytes(encodeFileFrame({ type: 'file.ack', transferId: t.view.id, seq: m.seq }));
      t.bytes = assembler.received;
      this.#emit();
      if (assembler.complete) {
        this.#assemblers.delete(t.view.id);
        void this.#verify(t, assembler.blob(), 'p2p');
      }
    });
  }

  async #verify(t: LocalTransfer, blob: Blob, route: FileRoute): Promise<void> {
    const sha = await sha256Hex(blob);
    t.receivedSha256 = sha;
    const report = { type: 'file.report', sessionId: this.#o.sessionId, transferId: t.view.id, route } as const;
    if (sha !== t.view.sha256) {
      t.error = 'The file arrived damaged: its checksum does not match. It was not kept.';
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
    if ([...this.#transfers.values()].some((t) => t.view.state === 'accepted' || (t.view.state === 'offered' && t.direction === 'in'))) return;
    const link = this.#link;
    this.#link = null;
    void link?.then((l) => l.close()).catch(() => {});
  }

  #emit(): void {
    this.#o.onChange(this.list);
  }
}
