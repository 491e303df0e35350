import { browser } from 'wxt/browser';
import { loadServerUrl, saveServerUrl } from '../lib/storage.ts';
import { showChatNotification } from './chat-notifications-page.ts';
import type { CustomerPlatform } from './platform.ts';
import { clearStoredSession, loadStoredSession, saveStoredSession } from './stored-session.ts';

/** The full client: extension storage, tabs and the extension's notifications (granted by the manifest). */
export const extensionPlatform: CustomerPlatform = {
  kind: 'extension',
  sitePath: '/',
  showAvatar: true,
  loadServerUrl,
  saveServerUrl,
  loadSession: loadStoredSession,
  saveSession: saveStoredSession,
  clearSession: clearStoredSession,
  openUrl(url) {
    void browser.tabs.create({ url, active: true });
  },
  async focus() {
    window.focus();
    const tab = await browser.tabs.getCurrent().catch(() => undefined);
    if (tab?.id !== undefined) await browser.tabs.update(tab.id, { active: true }).catch(() => {});
    const win = await browser.windows.getCurrent().catch(() => undefined);
    if (win?.id !== undefined) await browser.windows.update(win.id, { focused: true, drawAttention: true }).catch(() => {});
  },
  async askForNotifications() {
    return 'granted';
  },
  notify(title, body, sessionId) {
    // The extension's own notifications: its icon, and a click brings the chat back (the background listens).
    showChatNotification(sessionId ?? 'chat', title, body).catch((error: unknown) => console.warn('could not show a notification', error));
  },
};
