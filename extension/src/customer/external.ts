import { browser } from 'wxt/browser';
import { PageToExtensionMessageSchema, parseWith } from '@rs/protocol';
import { normalizeServerUrl } from '../lib/server-url.ts';
import { savePendingKey } from './pending-key.ts';
import { saveHandedOverSession } from './handed-over.ts';

interface Sender {
  origin?: string;
  url?: string;
  tab?: { id?: number; windowId?: number };
}

type SidePanel = { open(options: { tabId?: number; windowId?: number }): Promise<void> };

/**
 * Opens the chat for a key handed over by the public support page. The side
 * panel can only be opened from a user gesture, which a message does not
 * carry for sure; otherwise the chat opens in its own small window.
 */
async function openChat(sender: Sender): Promise<void> {
  const sidePanel = (browser as unknown as { sidePanel?: SidePanel }).sidePanel;
  try {
    if (!sidePanel || sender.tab?.id === undefined) throw new Error('no side panel');
    await sidePanel.open({ tabId: sender.tab.id });
  } catch {
    await browser.windows.create({ url: browser.runtime.getURL('/sidepanel.html'), type: 'popup', width: 440, height: 720 });
  }
}

/**
 * Messages from web pages. Only the server's own pages can send them (the
 * manifest's externally_connectable), the sender's origin is stamped by the
 * browser, and the message is parsed against the protocol schema.
 */
export async function handleExternalMessage(raw: unknown, sender: Sender): Promise<{ ok: boolean; error?: string }> {
  const parsed = parseWith(PageToExtensionMessageSchema, raw);
  if (!parsed.ok) return { ok: false, error: 'unknown message' };
  if (parsed.value.type === 'ping') return { ok: true };
  const serverUrl = normalizeServerUrl(sender.origin ?? (sender.url ? new URL(sender.url).origin : ''));
  if (!serverUrl) return { ok: false, error: 'unknown sender' };
  // The web chat hands its live session over (Elevate allowed there): the chat opens on the same session.
  if (parsed.value.type === 'open-session') await saveHandedOverSession({ serverUrl, sessionId: parsed.value.sessionId, customerToken: parsed.value.customerToken });
  else await savePendingKey({ serverUrl, key: parsed.value.key });
  await openChat(sender);
  return { ok: true };
}
