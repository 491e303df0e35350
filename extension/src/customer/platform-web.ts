import { normalizeServerUrl } from '../lib/server-url.ts';
import type { CustomerPlatform, StoredSession } from './platform.ts';

const KEY = 'rs.customerSession';

/** The web chat on a public support page: the server's own origin, tab-scoped session storage, page notifications. */
export function webPlatform(location: Location): CustomerPlatform {
  return {
    kind: 'web',
    sitePath: location.pathname.replace(/\/+$/, '') || '/',
    showAvatar: false,
    loadServerUrl: async () => normalizeServerUrl(location.origin) ?? location.origin,
    saveServerUrl: null,
    async loadSession() {
      try {
        const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Partial<StoredSession> | null;
        if (value && typeof value.serverUrl === 'string' && typeof value.sessionId === 'string' && typeof value.customerToken === 'string')
          return { serverUrl: value.serverUrl, sessionId: value.sessionId, customerToken: value.customerToken };
      } catch {
        // Unreadable: start afresh.
      }
      return null;
    },
    async saveSession(stored) {
      sessionStorage.setItem(KEY, JSON.stringify(stored));
    },
    async clearSession() {
      sessionStorage.removeItem(KEY);
    },
    openUrl(url) {
      window.open(url, '_blank', 'noopener');
    },
    async focus() {
      window.focus();
    },
    async askForNotifications() {
      if (typeof Notification === 'undefined') return 'unsupported';
      if (Notification.permission !== 'default') return Notification.permission;
      return Notification.requestPermission();
    },
    notify(title, body) {
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted') new Notification(title, { body });
    },
  };
}
