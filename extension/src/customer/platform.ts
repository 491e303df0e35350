/** What the customer app needs from where it runs: the extension (full client) or the web chat on the public page. */
export interface StoredSession {
  serverUrl: string;
  sessionId: string;
  customerToken: string;
}

export interface CustomerPlatform {
  kind: 'extension' | 'web';
  /** The public site this client belongs to (`/` for the extension). */
  sitePath: string;
  /** The full client shows the representative's photo; the web chat does not. */
  showAvatar: boolean;
  loadServerUrl(): Promise<string>;
  /** Null where the server is fixed (the web chat talks to its own origin). */
  saveServerUrl: ((url: string) => Promise<void>) | null;
  loadSession(): Promise<StoredSession | null>;
  saveSession(stored: StoredSession): Promise<void>;
  clearSession(): Promise<void>;
  /** Opens a page (knowledge base, contact page) in the customer's browser. */
  openUrl(url: string): void;
  /** Brings the chat window to the front. */
  focus(): Promise<void>;
  /** Asks the customer to allow notifications, where the platform has to ask. */
  askForNotifications(): Promise<string>;
  /** `sessionId` lets the extension clear a chat's notifications once it is seen again. */
  notify(title: string, body: string, sessionId?: string): void;
}

/** Shows a notification when the chat is not in focus and notifications are allowed. */
export function notifyIfAway(platform: CustomerPlatform, title: string, body: string, sessionId?: string): void {
  if (typeof document !== 'undefined' && document.hasFocus()) return;
  try {
    platform.notify(title, body, ...(sessionId === undefined ? [] : ([sessionId] as const)));
  } catch (error) {
    console.warn('could not show a notification', error);
  }
}
