import type { MediaConnection } from 'peerjs';
import { type ControlInput, type Surface } from '@rs/protocol';
import type { ApiTarget } from '../lib/api.ts';
import type { LiveClient } from '../lib/live.ts';
import { applySenderQuality, ControlReceiver, displayMediaOptions, PeerLink, prepareTrack, SenderAdapter, surfaceOf, type ChosenHint, type PeerChannel } from '../lib/peer/index.ts';
import { t } from '../i18n/index.ts';
import { UiError } from '../lib/errors.ts';

export type ShareState = { kind: 'idle' } | { kind: 'starting' } | { kind: 'sharing'; surface: Surface; stream: MediaStream };

export interface CustomerShareOptions {
  client: LiveClient;
  target: ApiTarget & { token: string };
  sessionId: string;
  onChange: (state: ShareState) => void;
  /**
   * Called once whenever sharing ends, for any reason (STOP SHARING, the
   * browser's stop bar, the session's end): the place to tell the native host
   * to stop, when there is one.
   */
  onStopped?: () => void;
  /** The representative's remote-control input from the data connection (already validated as a peer message). */
  onControl?: (input: ControlInput) => void;
  /** Injected in tests; the browser's picker otherwise. */
  getDisplayMedia?: (options: DisplayMediaStreamOptions) => Promise<MediaStream>;
}

/**
 * The customer's side of a screen share: the browser's picker, the media call
 * to the representative's server-issued peer id, MODIFY SHARING (another
 * source on the same call) and STOP SHARING (every track stopped, every
 * permission revoked on the server). The browser's own "Stop sharing" bar and
 * the end of the session go through the same stop.
 */
export class CustomerShare {
  readonly #o: CustomerShareOptions;
  #state: ShareState = { kind: 'idle' };
  #link: PeerLink | null = null;
  #call: MediaConnection | null = null;
  #channel: PeerChannel | null = null;
  #adapter: SenderAdapter | null = null;
  /** The representative's choice (`screen.hint`): detail unless they asked for motion; kept across MODIFY SHARING. */
  #chosen: ChosenHint = 'detail';

  constructor(options: CustomerShareOptions) {
    this.#o = options;
  }

  get state(): ShareState {
    return this.#state;
  }

  /**
   * Allow: the picker first (it needs the click's user activation), then the grant, then the call. Joining the
   * peer service does not need the grant, so it runs while the customer picks: the first frame does not wait for it.
   */
  async allow(): Promise<void> {
    const linking = PeerLink.open(this.#o.target, this.#o.sessionId);
    const dropLink = () => void linking.then((link) => link.close(), () => {});
    linking.catch(() => {});
    let stream: MediaStream;
    try {
      stream = await this.#pick();
    } catch (error) {
      dropLink();
      // Closing the picker is a refusal.
      await this.#o.client.request({ type: 'permission.answer', sessionId: this.#o.sessionId, permission: 'view', allow: false });
      throw error;
    }
    this.#set({ kind: 'starting' });
    try {
      await this.#o.client.request({ type: 'permission.answer', sessionId: this.#o.sessionId, permission: 'view', allow: true }).catch((error: unknown) => {
        dropLink();
        throw error;
      });
      const link = (this.#link = await linking);
      const remote = link.remotePeerId;
      if (!remote) throw new UiError('invalid_state', t('share.repNotReady'));
      const call = (this.#call = link.call(remote, stream));
      // The representative went away (a closed console): end the share rather than stream to nobody.
      const lost = () => {
        if (this.#call === call && this.#state.kind === 'sharing') void this.stop('connection_lost').catch(() => {});
      };
      call.peerConnection?.addEventListener('connectionstatechange', () => {
        const state = call.peerConnection.connectionState;
        if (state === 'connected' && this.#call === call && !this.#adapter) this.#tune(call.peerConnection);
        if (state === 'failed' || state === 'closed') lost();
      });
      call.on('close', lost);
      const channel = (this.#channel = link.connect(remote, 'json', 'screen'));
      channel.onClose(() => {
        if (this.#channel === channel) lost();
      });
      // The representative's input: moves on the unordered move lane of this connection, the rest on it in order.
      new ControlReceiver(channel, (input) => {
        if (this.#channel === channel && this.#state.kind === 'sharing') this.#o.onControl?.(input);
      });
      channel.onMessage((message) => {
        if (this.#channel === channel && this.#state.kind === 'sharing' && message.type === 'screen.hint') this.#choose(message.hint, this.#state.stream);
      });
      await this.#started(stream);
    } catch (error) {
      this.#release(stream);
      await this.#o.client.request({ type: 'share.stop', sessionId: this.#o.sessionId, reason: 'customer_stopped' }).catch(() => {});
      throw error;
    }
  }

  /** Tells the representative that the customer's own input paused their control (or that the pause is over). */
  controlPaused(paused: boolean): void {
    const channel = this.#channel;
    if (channel?.isOpen) channel.send({ type: 'control.paused', paused });
  }

  async refuse(): Promise<void> {
    await this.#o.client.request({ type: 'permission.answer', sessionId: this.#o.sessionId, permission: 'view', allow: false });
  }

  /** MODIFY SHARING: another source replaces the current one on the same call; the old tracks stop. */
  async modify(): Promise<void> {
    const current = this.#state;
    if (current.kind !== 'sharing' || !this.#call) throw new UiError('invalid_state', t('share.nothingShared'));
    const stream = await this.#pick();
    const [track] = stream.getVideoTracks();
    const sender = this.#call.peerConnection.getSenders().find((s) => s.track?.kind === 'video');
    if (!track || !sender) {
      this.#release(stream);
      throw new UiError('invalid_state', t('share.cannotSwitch'));
    }
    await sender.replaceTrack(track);
    // Another surface may want another hint (a tab is text, a screen detail): the sender follows it.
    if (this.#adapter) this.#tune(this.#call.peerConnection);
    this.#release(current.stream);
    await this.#started(stream);
  }

  /** STOP SHARING (or the browser's stop bar): tracks stop at once, then the server revokes everything. */
  async stop(reason: 'customer_stopped' | 'browser_stopped' | 'connection_lost' = 'customer_stopped'): Promise<void> {
    if (this.#state.kind === 'idle') return;
    this.end();
    await this.#o.client.request({ type: 'share.stop', sessionId: this.#o.sessionId, reason });
  }

  /** Stops locally without telling the server (it told us: the session ended, or it revoked the view). Idempotent. */
  end(): void {
    if (this.#state.kind === 'sharing') this.#release(this.#state.stream);
    const [channel, call, link] = [this.#channel, this.#call, this.#link];
    this.#channel = this.#call = this.#link = null;
    this.#adapter?.close();
    this.#adapter = null;
    this.#chosen = 'detail';
    channel?.close();
    call?.close();
    link?.close();
    if (this.#state.kind !== 'idle') {
      this.#set({ kind: 'idle' });
      this.#o.onStopped?.();
    }
  }

  async #pick(): Promise<MediaStream> {
    const getDisplayMedia = this.#o.getDisplayMedia ?? ((o) => navigator.mediaDevices.getDisplayMedia(o));
    const stream = await getDisplayMedia(displayMediaOptions);
    for (const track of stream.getVideoTracks()) prepareTrack(track, this.#chosen);
    return stream;
  }

  async #started(stream: MediaStream): Promise<void> {
    const track = stream.getVideoTracks()[0];
    if (!track) throw new UiError('invalid_state', t('share.nothingPicked'));
    const surface = surfaceOf(track);
    track.addEventListener('ended', () => {
      if (this.#state.kind === 'sharing' && this.#state.stream === stream) void this.stop('browser_stopped').catch(() => {});
    });
    this.#set({ kind: 'sharing', surface, stream });
    await this.#o.client.request({ type: 'share.started', sessionId: this.#o.sessionId, surface });
    const channel = this.#channel;
    const settings = track.getSettings();
    void channel?.opened
      .then(() => channel.send({ type: 'screen.info', surface, width: settings.width ?? 0, height: settings.height ?? 0, frameRate: Math.round(settings.frameRate ?? 0) }))
      .catch(() => {});
  }

  /** The representative chose motion or detail: the track's hint changes, and the sender follows it. */
  #choose(hint: ChosenHint, stream: MediaStream): void {
    if (hint === this.#chosen) return;
    this.#chosen = hint;
    for (const track of stream.getVideoTracks()) prepareTrack(track, hint);
    if (this.#call && this.#adapter) this.#tune(this.#call.peerConnection);
  }

  /** The sender's degradation preference and bitrate cap for its track's hint, then the cap and resolution follow the stats. */
  #tune(pc: RTCPeerConnection): void {
    this.#adapter?.close();
    void applySenderQuality(pc);
    const video = () => pc.getSenders().find((s) => s.track?.kind === 'video')?.track?.contentHint ?? '';
    this.#adapter = new SenderAdapter(pc, video);
  }

  #release(stream: MediaStream): void {
    for (const track of stream.getTracks()) track.stop();
  }

  #set(state: ShareState): void {
    this.#state = state;
    this.#o.onChange(state);
  }
}
