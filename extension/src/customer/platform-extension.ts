import { browser } from 'wxt/browser';
import { loadServerUrl, saveServerUrl } from '../lib/storage.ts';
import type { CustomerPlatform } from './platform.ts';
import { clearStoredSession, loadStoredSession, saveStoredSession } from './stored-session.ts';

/** The full client: extension storage, tabs and browser notifications (granted by the manifest). */
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
  notify(title, body) {
    new Notification(title, { body });
  },
};
