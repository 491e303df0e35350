import { parseControlInput, ProtocolError, type InstallerOs } from '@rs/protocol';
import { Emitter } from '../../lib/emitter.ts';
import { NativeHostClient, type PortLike } from './native-port.ts';

import type { ElevationPhase, ElevationStatus } from './messages.ts';
import { t } from '../../i18n/index.ts';
import { errorMessage } from '../../lib/errors.ts';

export type { ElevationPhase, ElevationStatus };

/** How long the customer is told that their own mouse paused the representative (the host holds off 1.5 s). */
const LOCAL_INPUT_NOTICE_MS = 2000;

/** What the customer reads when the helper cannot show the watermark (control is then not given). */

export type StartOptions = { serverUrl: string; repName: string; watermark: boolean };

export type GatekeeperDeps = {
  connectNative(): PortLike;
  /** Starts the download of the installer for this OS from the server. */
  download(url: string): Promise<void>;
  os(): Promise<InstallerOs>;
  retryMs?: number;
  sleep?: (ms: number) => Promise<void>;
};

/**
 * Starts the installed helper only to have it remove itself and exit: the
 * page that held it closed (its port ended, so the helper has stopped
 * already) and the session is over for it. Quietly nothing when the helper is
 * not installed any more.
 */
export async function uninstallHelper(connectNative: () => PortLike): Promise<void> {
  let host: NativeHostClient;
  try {
    host = new NativeHostClient(connectNative());
  } catch {
    return;
  }
  try {
    const reply = await host.hello();
    if (reply.type === 'helloResponse') await host.request({ type: 'uninstall' });
  } catch {
    // Not installed (the port drops at once), or it refused: nothing more to do.
  } finally {
    host.close();
  }
}

/**
 * The customer's side of elevation, in the chat page that holds the peer
 * connection the representative's input arrives on (so that input goes
 * straight from the data channel to the native port, with no hop between). The extension
 * is the gatekeeper: `forwardControl` passes a representative's input to the
 * native host only while the customer's grant is active. `start` (after
 * Allow) connects to the host; when it is not installed, it downloads the
 * installer once and keeps retrying, so it connects as soon as the customer
 * has run it, with no reload. `end` makes the host remove its watermark,
 * uninstall itself and exit.
 */
export class Gatekeeper {
  readonly #deps: GatekeeperDeps;
  readonly statusChanged = new Emitter<ElevationStatus>();
  #status: ElevationStatus = { phase: 'idle', os: null, error: null, localInput: false };
  #host: NativeHostClient | null = null;
  #granted = false;
  #attempt = 0;
  #localInputTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(deps: GatekeeperDeps) {
    this.#deps = deps;
  }

  get status(): ElevationStatus {
    return this.#status;
  }

  /** True while the customer's grant is active and the host is connected. */
  get granted(): boolean {
    return this.#granted && this.#host !== null && !this.#host.closed;
  }

  /** A helper is connected (granted or not). */
  get connected(): boolean {
    return this.#host !== null && !this.#host.closed;
  }

  async start(options: StartOptions): Promise<void> {
    // The helper still runs (taken back, or a new representative's Allow): the new Allow grants it again, and the
    // watermark names whoever was allowed now (one helper, no new download).
    if (this.#host && !this.#host.closed) return this.#grant(this.#host, options);
    if (this.#status.phase === 'connecting' || this.#status.phase === 'installing' || this.#status.phase === 'connected') return;
    const attempt = ++this.#attempt;
    const os = await this.#deps.os();
    this.#set({ phase: 'connecting', os, error: null, localInput: false });
    const sleep = this.#deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    let downloaded = false;
    while (attempt === this.#attempt) {
      const host = await this.#tryConnect();
      if (attempt !== this.#attempt) {
        host?.close();
        return;
      }
      if (host) return this.#connected(host, options);
      if (!downloaded) {
        downloaded = true;
        try {
          await this.#deps.download(`${options.serverUrl.replace(/\/+$/, '')}/api/installers/${os}`);
          this.#set({ ...this.#status, phase: 'installing' });
        } catch (error) {
          this.#set({ ...this.#status, phase: 'failed', error: t('elevation.downloadFailed') });
          return;
        }
      }
      await sleep(this.#deps.retryMs ?? 1000);
    }
  }

  /**
   * The one entry point for the representative's input (from the peer data
   * channel): validated here, forwarded only while the grant is active.
   * Returns whether it was forwarded.
   */
  forwardControl(raw: unknown): boolean {
    if (!this.granted) return false;
    const parsed = parseControlInput(raw);
    if (!parsed.ok) return false;
    this.#host!.notify(parsed.value);
    return true;
  }

  /** The customer takes control back: nothing more is forwarded, and the host stops injecting at once. */
  async revoke(): Promise<void> {
    this.#granted = false;
    if (this.#host && !this.#host.closed) await this.#host.request({ type: 'control.revoke' }).catch(() => {});
    if (this.#status.phase === 'connected') this.#set({ ...this.#status, phase: 'revoked' });
  }

  /** The session ended: the host removes the watermark, uninstalls itself and exits. Idempotent. */
  async end(): Promise<void> {
    this.#attempt++;
    this.#granted = false;
    const host = this.#host;
    this.#host = null;
    if (host && !host.closed) {
      await host.request({ type: 'uninstall' }).catch(() => {});
      host.close();
    }
    if (this.#status.phase !== 'idle') this.#set({ ...this.#status, phase: 'ended' });
  }

  async #tryConnect(): Promise<NativeHostClient | null> {
    let host: NativeHostClient;
    try {
      host = new NativeHostClient(this.#deps.connectNative());
    } catch {
      return null;
    }
    try {
      const reply = await host.hello();
      if (reply.type === 'helloResponse') return host;
    } catch {
      // Not installed yet (the port drops at once), or refused: try again later.
    }
    host.close();
    return null;
  }

  async #connected(host: NativeHostClient, options: StartOptions): Promise<void> {
    this.#host = host;
    host.onNotice((m) => {
      if (m.type !== 'control.localInput') return;
      this.#set({ ...this.#status, localInput: true });
      // The host's hold-off is short; the notice goes when it is over.
      if (this.#localInputTimer) clearTimeout(this.#localInputTimer);
      this.#localInputTimer = setTimeout(() => this.#set({ ...this.#status, localInput: false }), LOCAL_INPUT_NOTICE_MS);
    });
    host.onClose(() => {
      if (this.#host !== host) return;
      this.#host = null;
      this.#granted = false;
      this.#set({ ...this.#status, phase: 'failed', error: t('elevation.helperStopped') });
    });
    await this.#grant(host, options);
  }

  async #grant(host: NativeHostClient, options: StartOptions): Promise<void> {
    try {
      if (options.watermark) await host.request({ type: 'watermark.show', repName: options.repName, text: t('elevation.watermark', { name: options.repName }) });
      await host.request({ type: 'control.grant' });
      this.#granted = true;
      this.#set({ ...this.#status, phase: 'connected', error: null });
    } catch (error) {
      // The helper could not draw the watermark: control is refused, and the customer is told why in plain words (errors.code.watermark_unavailable).
      this.#set({ ...this.#status, phase: 'failed', error: errorMessage(error) });
    }
  }

  #set(status: ElevationStatus): void {
    this.#status = status;
    this.statusChanged.emit(status);
  }
}
