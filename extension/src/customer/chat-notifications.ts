/**
 * The customer extension's chat notifications (`browser.notifications`). The
 * chat page creates them; the background answers a click. A notification's id
 * carries what the click needs to find the chat again: the session, and the
 * window and tab the chat page was in (no tab: the side panel), so the
 * background needs no state that a service worker restart would lose.
 */
export interface ChatNotificationTarget {
  sessionId: string;
  /** The browser window the chat was in, when known. */
  windowId: number | null;
  /** The tab showing the chat; null when the chat is the side panel. */
  tabId: number | null;
}

const PREFIX = 'rs-chat';
const ID_PATTERN = /^rs-chat\|([A-Za-z0-9_-]{1,64})\|(\d*)\|(\d*)\|[A-Za-z0-9-]{1,64}$/;

/** A fresh notification id for a chat (`unique` keeps two messages from replacing each other). */
export function chatNotificationId(target: ChatNotificationTarget, unique: string): string {
  return [PREFIX, target.sessionId, target.windowId ?? '', target.tabId ?? '', unique].join('|');
}

/** The chat a notification belongs to, or null for ids this module did not make. */
export function parseChatNotificationId(id: string): ChatNotificationTarget | null {
  const match = ID_PATTERN.exec(id);
  if (!match) return null;
  const number = (s: string | undefined) => (s ? Number(s) : null);
  return { sessionId: match[1]!, windowId: number(match[2]), tabId: number(match[3]) };
}

/** The notification ids among `ids` that belong to a session. */
export function idsOfSession(ids: Iterable<string>, sessionId: string): string[] {
  return [...ids].filter((id) => parseChatNotificationId(id)?.sessionId === sessionId);
}

/** What the click handler needs from the browser (the background wires the real one; tests a fake). */
export interface ChatRevealer {
  /** Makes the tab active and focuses its window; false when the tab is gone. */
  focusTab(tabId: number): Promise<boolean>;
  /** Opens the side panel in a window and focuses it; false when that is not allowed. */
  openSidePanel(windowId: number): Promise<boolean>;
  /** Last resort: the chat in its own small window. */
  openChatWindow(): Promise<void>;
  /** The ids of this extension's live notifications. */
  notificationIds(): Promise<string[]>;
  clear(id: string): Promise<void>;
}

/**
 * A click on a chat notification: brings that chat to the front (its tab, or
 * the side panel of its window, else a new chat window) and clears the
 * session's notifications, which the customer has now seen. The side panel is
 * opened before anything is awaited: the browser allows it only within the
 * click's user gesture.
 */
export async function revealChat(id: string, browser: ChatRevealer): Promise<boolean> {
  const target = parseChatNotificationId(id);
  if (!target) return false;
  const panel = target.tabId === null && target.windowId !== null ? browser.openSidePanel(target.windowId) : Promise.resolve(false);
  let shown = await panel;
  if (!shown && target.tabId !== null) shown = await browser.focusTab(target.tabId);
  if (!shown) await browser.openChatWindow();
  await clearSession(target.sessionId, browser);
  return true;
}

/** Clears every notification of a session (the chat is in front again). */
export async function clearSession(sessionId: string, browser: Pick<ChatRevealer, 'notificationIds' | 'clear'>): Promise<void> {
  const ids = idsOfSession(await browser.notificationIds(), sessionId);
  await Promise.all(ids.map((id) => browser.clear(id)));
}
