import { browser } from 'wxt/browser';
import { NATIVE_HOST_NAME, type InstallerOs } from '@rs/protocol';
import { Gatekeeper } from './gatekeeper.ts';
import { PANEL_GRACE_MS, PANEL_PORT, parsePanelMessage, type StatusMessage } from './messages.ts';
import type { PortLike } from './native-port.ts';

const OS: Record<string, InstallerOs> = { linux: 'linux', win: 'windows', mac: 'macos' };

/**
 * Creates the gatekeeper with the browser's real native messaging and
 * downloads, and answers the side panel. Returns it, so the peer data channel
 * can hand the representative's input to `gatekeeper.forwardControl`.
 */
export function wireElevation(): Gatekeeper {
  const gatekeeper = new Gatekeeper({
    connectNative: () => browser.runtime.connectNative(NATIVE_HOST_NAME) as unknown as PortLike,
    download: async (url) => {
      await browser.downloads.download({ url, saveAs: false, conflictAction: 'uniquify' });
    },
    os: async () => OS[(await browser.runtime.getPlatformInfo()).os] ?? 'linux',
  });
  const status = (): StatusMessage => ({ kind: 'elevation.status', status: gatekeeper.status });
  gatekeeper.statusChanged.on(() => {
    // No page open is fine: the panel asks for the status when it opens.
    browser.runtime.sendMessage(status()).catch(() => {});
  });
  const ownPages = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((raw: unknown, sender: { id?: string; url?: string }) => {
    // Only this extension's own pages may drive elevation (a content script's url is the web page's).
    if (sender.id !== browser.runtime.id || !sender.url?.startsWith(ownPages)) return undefined;
    const parsed = parsePanelMessage(raw);
    if (!parsed.ok) return undefined;
    const message = parsed.value;
    if (message.kind === 'control.input') {
      gatekeeper.forwardControl(message.input);
      return undefined;
    }
    if (message.kind === 'elevation.start') void gatekeeper.start(message);
    else if (message.kind === 'elevation.revoke') void gatekeeper.revoke();
    else if (message.kind === 'elevation.end') void gatekeeper.end();
    return Promise.resolve(status());
  });
  // Closing the chat window (the side panel) while elevated ends elevation: the helper removes
  // itself. A reload reconnects within the grace, and the session goes on.
  let openPanels = 0;
  let closing: ReturnType<typeof setTimeout> | null = null;
  browser.runtime.onConnect.addListener((port: { name: string; sender?: { id?: string; url?: string }; onDisconnect: { addListener(l: () => void): void } }) => {
    if (port.name !== PANEL_PORT || port.sender?.id !== browser.runtime.id || !port.sender?.url?.startsWith(ownPages)) return;
    openPanels++;
    if (closing) clearTimeout(closing);
    closing = null;
    port.onDisconnect.addListener(() => {
      openPanels--;
      if (openPanels > 0) return;
      closing = setTimeout(() => void gatekeeper.end(), PANEL_GRACE_MS);
    });
  });
  return gatekeeper;
}
