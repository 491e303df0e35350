import type { MediaConnection } from 'peerjs';
import type { ControlInput, PermissionView, ShareNotice, ShareStopReason, Surface } from '@rs/protocol';
import type { ApiTarget } from '../lib/api.ts';
import type { LiveClient } from '../lib/live.ts';
import { applyLiveReceive, ControlSender, PeerLink, type PeerChannel } from '../lib/peer/index.ts';
import { ChunkedRecorder } from './recorder.ts';

export type RepScreenState =
  | { kind: 'idle' }
  | { kind: 'asking' }
  | { kind: 'refused' }
  | { kind: 'waiting' }
  | { kind: 'viewing'; stream: MediaStream; surface: Surface | null }
  | { kind: 'stopped'; reason: ShareStopReason };

export interface RepScreenOptions {
  client: LiveClient;
  target: ApiTarget & { token: string };
  sessionId: string;
  recordingAllowed: boolean;
  onChange: (state: RepScreenState) => void;
  /** Recording started, stopped, or failed (to refresh the list). */
  onRecording?: (event: 'started' | 'stopped' | 'failed', detail?: string) => void;
  /** The customer's own input paused remote control (true), or the pause is over (false). */
  onControlPaused?: (paused: boolean) => void;
  /** Timestamp (performance.now) of the first decoded frame of each share; for the benchmark. */
  onFirstFrame?: (at: number) => void;
}

/**
 * The representative's side of a screen share: Share Screen asks the customer
 * through the server, the customer's browser calls our server-issued peer id,
 * we show (and, if the customer allowed it, record) the stream, and we drop it
 * the moment the server says sharing stopped.
 */
export class RepScreen {
  readonly #o: RepScreenOptions;
  #state: RepScreenState = { kind: 'idle' };
  #link: PeerLink | null = null;
  #call: MediaConnection | null = null;
  #channel: PeerChannel | null = null;
  #control: ControlSender | null = null;
  #recorder: ChunkedRecorder | null = null;
  #surface: Surface | null = null;
  #closed = false;

  constructor(options: RepScreenOptions) {
    this.#o = options;
    // Closing the console tab hangs up at once, so the customer's side knows there is no one watching.
    addEventListener('pagehide', () => this.close(), { once: true });
  }

  get state(): RepScreenState {
    return this.#state;
  }

  get peerConnection(): RTCPeerConnection | null {
    return this.#call?.peerConnection ?? null;
  }

  /** Share Screen: be reachable on the peer server first, then ask. */
  async request(): Promise<void> {
    if (!this.#link) {
      const link = await PeerLink.open(this.#o.target, this.#o.sessionId);
      if (this.#closed) return link.close();
      this.#link = link;
      // The server ends this representative's peer when the session is handed over (or ends): the next Share Screen
      // (after taking the session back) needs a peer of its own again.
      link.onClose(() => {
        if (this.#link !== link) return;
        this.#link = null;
        this.#drop(null);
      });
      link.onCall((call) => this.#onCall(call));
      // The customer's data connection: remote-control input goes back on it.
      link.onChannel((channel) => {
        // The peer is shared with file transfer: only the customer's screen connection is ours.
        if (channel.label !== 'screen') return;
        this.#channel?.close();
        this.#channel = channel;
        // Moves on an unordered, unreliable lane of the same connection; clicks and keys on the connection itself.
        this.#control = new ControlSender(channel);
        channel.onMessage((m) => {
          if (m.type === 'control.paused' && this.#channel === channel) this.#o.onControlPaused?.(m.paused);
        });
      });
    }
    await this.#o.client.request({ type: 'permission.request', sessionId: this.#o.sessionId, permission: 'view' });
    this.#set({ kind: 'asking' });
  }

  onPermissions(permissions: PermissionView[]): void {
    const view = permissions.find((p) => p.kind === 'view');
    if (view?.state === 'refused' && this.#state.kind === 'asking') this.#set({ kind: 'refused' });
    if (view?.state === 'granted' && this.#state.kind === 'asking') this.#set({ kind: 'waiting' });
  }

  onShare(notice: ShareNotice): void {
    if (notice.sharing) {
      this.#surface = notice.surface;
      if (this.#state.kind === 'viewing') this.#set({ ...this.#state, surface: notice.surface });
    } else {
      this.#drop(notice.reason ?? 'customer_stopped');
    }
  }

  /** Sends one remote-control input to the customer's side; false when there is no open data connection. */
  sendControl(input: ControlInput): boolean {
    if (!this.#channel?.isOpen) return false;
    return this.#control?.send(input) ?? false;
  }

  /** Asks the customer's browser to send the screen as motion (frame rate kept) or detail (resolution kept); false without a connection. */
  setHint(hint: 'detail' | 'motion'): boolean {
    const channel = this.#channel;
    if (!channel?.isOpen) return false;
    channel.send({ type: 'screen.hint', hint });
    return true;
  }

  /** Idempotent: ends the call, the recording and our peer identity. */
  close(): void {
    this.#closed = true;
    this.#drop(null);
    this.#link?.close();
    this.#link = null;
  }

  #onCall(call: MediaConnection): void {
    this.#call?.close();
    this.#call = call;
    call.on('stream', (stream) => {
      if (this.#call !== call) return;
      this.#set({ kind: 'viewing', stream, surface: this.#surface });
      this.#watchFirstFrame(stream);
      if (this.#o.recordingAllowed) this.#record(stream);
    });
    call.on('close', () => {
      if (this.#call === call && this.#state.kind === 'viewing') this.#drop('customer_stopped');
    });
    call.answer();
    // The offer is being applied now; the track arrives before the answer is made, so the answer carries our codec order.
    call.peerConnection?.addEventListener('track', (event) => {
      if (event.track.kind === 'video') applyLiveReceive(event.transceiver);
    });
  }

  /** Starts at once (not after the server answered), so a share dropped a moment later still stops its recorder. */
  #record(stream: MediaStream): void {
    const failed = (error: unknown) => this.#o.onRecording?.('failed', error instanceof Error ? error.message : String(error));
    try {
      const recorder = (this.#recorder = ChunkedRecorder.start(this.#o.target, this.#o.sessionId, stream));
      recorder.created.then(() => this.#o.onRecording?.('started'), failed);
    } catch (error) {
      failed(error);
    }
  }

  #watchFirstFrame(stream: MediaStream): void {
    const report = this.#o.onFirstFrame;
    if (!report) return;
    const probe = document.createElement('video');
    probe.muted = true;
    probe.srcObject = stream;
    probe.requestVideoFrameCallback(() => {
      report(performance.now());
      probe.srcObject = null;
    });
    void probe.play().catch(() => {});
  }

  #drop(reason: ShareStopReason | null): void {
    // The recorder first: it hands over its last chunk before the tracks end.
    const recorder = this.#recorder;
    this.#recorder = null;
    if (recorder) void recorder.stop().then(() => this.#o.onRecording?.(recorder.failure ? 'failed' : 'stopped', recorder.failure?.message));
    if (this.#state.kind === 'viewing') for (const track of this.#state.stream.getTracks()) track.stop();
    this.#call?.close();
    this.#call = null;
    this.#channel?.close();
    this.#channel = null;
    this.#control = null;
    if (reason && this.#state.kind !== 'idle') this.#set({ kind: 'stopped', reason });
  }

  #set(state: RepScreenState): void {
    this.#state = state;
    this.#o.onChange(state);
  }
}
