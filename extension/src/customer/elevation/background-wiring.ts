import { browser } from 'wxt/browser';
import { NATIVE_HOST_NAME } from '@rs/protocol';
import { uninstallHelper, type StartOptions } from './gatekeeper.ts';
import { HelperWatch } from './helper-watch.ts';
import { PANEL_GRACE_MS, PANEL_PORT, parsePanelMessage, type ResumeMessage } from './messages.ts';
import type { PortLike } from './native-port.ts';

/** Session storage key of the Allow under which a chat page holds the helper. */
const HELD_KEY = 'elevation.held';

interface PanelPort {
  name: string;
  sender?: { id?: string; url?: string };
  onMessage: { addListener(l: (message: unknown) => void): void };
  onDisconnect: { addListener(l: () => void): void };
}

/**
 * The worker's part in elevation: the chat page holds the helper (and its
 * native port); the worker only outlives it. It answers a reloaded page with
 * the Allow the helper was held under, and removes a helper that the last
 * chat page left behind (`HelperWatch`).
 */
export function wireElevation(): HelperWatch {
  const area = (browser.storage as unknown as { session?: typeof browser.storage.local }).session ?? browser.storage.local;
  const watch = new HelperWatch({
    uninstall: () => uninstallHelper(() => browser.runtime.connectNative(NATIVE_HOST_NAME) as unknown as PortLike),
    save: (held) => (held ? area.set({ [HELD_KEY]: held }) : area.remove(HELD_KEY)),
    load: async () => (((await area.get(HELD_KEY)) as Record<string, StartOptions | undefined>)[HELD_KEY] ?? null),
    graceMs: PANEL_GRACE_MS,
  });
  const ownPages = browser.runtime.getURL('/');
  // Only this extension's own pages (a content script's url is the web page's).
  const ours = (sender: { id?: string; url?: string } | undefined) => sender?.id === browser.runtime.id && !!sender?.url?.startsWith(ownPages);
  browser.runtime.onMessage.addListener((raw: unknown, sender: { id?: string; url?: string }) => {
    if (!ours(sender)) return undefined;
    const parsed = parsePanelMessage(raw);
    if (!parsed.ok || parsed.value.kind !== 'elevation.get') return undefined;
    return watch.resume().then((held): ResumeMessage => ({ kind: 'elevation.resume', held }));
  });
  browser.runtime.onConnect.addListener((port: PanelPort) => {
    if (port.name !== PANEL_PORT || !ours(port.sender)) return;
    const page = watch.opened();
    port.onMessage.addListener((raw) => {
      const parsed = parsePanelMessage(raw);
      if (!parsed.ok) return;
      const message = parsed.value;
      if (message.kind === 'elevation.held') void watch.held(page, { serverUrl: message.serverUrl, repName: message.repName, watermark: message.watermark });
      else if (message.kind === 'elevation.released') void watch.released(page);
    });
    port.onDisconnect.addListener(() => watch.closed(page));
  });
  return watch;
}
