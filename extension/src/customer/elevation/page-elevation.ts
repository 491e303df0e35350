import { browser } from 'wxt/browser';
import { NATIVE_HOST_NAME, type InstallerOs } from '@rs/protocol';
import { Gatekeeper, uninstallHelper, type StartOptions } from './gatekeeper.ts';
import { PANEL_PORT, parseResumeMessage, type PanelMessage } from './messages.ts';
import type { PortLike } from './native-port.ts';

const OS: Record<string, InstallerOs> = { linux: 'linux', win: 'windows', mac: 'macos' };
const connectNative = () => browser.runtime.connectNative(NATIVE_HOST_NAME) as unknown as PortLike;

interface RuntimePort {
  postMessage(message: PanelMessage): void;
  disconnect(): void;
  onDisconnect: { addListener(listener: () => void): void };
}

/**
 * Elevation in the customer's chat page: the page that holds the peer
 * connection the representative's input arrives on holds the helper's native
 * port too (`connectNative` from the extension page), so each input goes from
 * the data channel through the gatekeeper to the helper with no hop between.
 * The page's lifetime bounds the helper's: closing it ends the port, and the
 * helper stops at once. The background worker outlives the page: over
 * `PANEL_PORT` it is told while a helper is held, and removes it when the
 * last chat page has been gone for the grace; a reloaded page takes the
 * helper over again (`resume`).
 */
export class PageElevation {
  readonly gatekeeper: Gatekeeper;
  #port: RuntimePort | null = null;
  #held: StartOptions | null = null;
  #options: StartOptions | null = null;
  #closed = false;

  constructor() {
    this.gatekeeper = new Gatekeeper({
      connectNative,
      download: async (url) => {
        await browser.downloads.download({ url, saveAs: false, conflictAction: 'uniquify' });
      },
      os: async () => OS[(await browser.runtime.getPlatformInfo()).os] ?? 'linux',
    });
    this.gatekeeper.statusChanged.on((status) => {
      // From the download on, a helper may be installed and must not outlive the session.
      if (status.phase === 'installing' || status.phase === 'connected' || status.phase === 'revoked') this.#hold(this.#options);
      if (status.phase === 'ended') this.#hold(null);
    });
    this.#connect();
  }

  /** After Allow: connect to the helper (installing it first if need be) and grant it. */
  start(options: StartOptions): Promise<void> {
    this.#options = options;
    return this.gatekeeper.start(options);
  }

  /** The customer (or the server) takes control back: the helper stops injecting at once. */
  revoke(): Promise<void> {
    return this.gatekeeper.revoke();
  }

  /** The session ended: the helper removes itself (started once more for that if this page never had it, a reload). */
  async end(): Promise<void> {
    const hadHelper = this.gatekeeper.connected;
    await this.gatekeeper.end();
    if (!hadHelper && (this.#held ?? (await this.resume()))) await uninstallHelper(connectNative);
    this.#hold(null);
  }

  /** The Allow under which the helper was held when this page opened (a reload), if any. */
  async resume(): Promise<StartOptions | null> {
    const answer: unknown = await browser.runtime.sendMessage({ kind: 'elevation.get' } satisfies PanelMessage).catch(() => null);
    const parsed = parseResumeMessage(answer);
    return parsed.ok ? parsed.value.held : null;
  }

  /** The representative's input from the peer data channel: validated and forwarded only while granted. */
  forwardControl(input: unknown): boolean {
    return this.gatekeeper.forwardControl(input);
  }

  #hold(options: StartOptions | null): void {
    if (!options && !this.#held) return;
    this.#held = options;
    this.#post();
  }

  #post(): void {
    this.#port?.postMessage(this.#held ? { kind: 'elevation.held', ...this.#held } : { kind: 'elevation.released' });
  }

  #connect(): void {
    if (this.#closed) return;
    const port = browser.runtime.connect({ name: PANEL_PORT }) as unknown as RuntimePort;
    this.#port = port;
    // The worker was stopped (idle) or updated: it must keep knowing this page is open, and what it holds.
    port.onDisconnect.addListener(() => {
      if (this.#port === port) setTimeout(() => this.#connect(), 100);
    });
    if (this.#held) this.#post();
  }
}

let page: PageElevation | null = null;
/** This page's elevation, made on first use (the full client's chat page only). */
export function pageElevation(): PageElevation {
  if (!page) {
    page = new PageElevation();
    // The gatekeeper's one door, for end-to-end tests, as the worker had it.
    (globalThis as { gatekeeper?: unknown }).gatekeeper = page.gatekeeper;
  }
  return page;
}
