import { browser } from 'wxt/browser';
import { chatNotificationId, clearSession } from './chat-notifications.ts';

const notifications = {
  notificationIds: async () => Object.keys(await browser.notifications.getAll()),
  clear: async (id: string) => void (await browser.notifications.clear(id)),
};
const notifiedSessions = new Set<string>();
let watching = false;

/** Once the chat is in front again, the customer has seen what the notifications said. */
function clearWhenSeen(): void {
  if (watching) return;
  watching = true;
  const clearAll = () => {
    for (const sessionId of notifiedSessions) void clearSession(sessionId, notifications).catch(() => {});
    notifiedSessions.clear();
  };
  window.addEventListener('focus', clearAll);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && clearAll());
}

/**
 * Shows a chat notification from the chat page with the extension's
 * notifications API: the customer client's icon, `title` (the
 * representative's name) and `message` as plain text. Its id records where
 * this page is, so a click brings it back (`revealChat` in the background).
 */
export async function showChatNotification(sessionId: string, title: string, message: string): Promise<void> {
  const tab = await browser.tabs.getCurrent().catch(() => undefined);
  const win = await browser.windows.getCurrent().catch(() => undefined);
  const id = chatNotificationId({ sessionId, windowId: win?.id ?? null, tabId: tab?.id ?? null }, crypto.randomUUID());
  notifiedSessions.add(sessionId);
  clearWhenSeen();
  await browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title, message });
}
