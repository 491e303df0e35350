import { browser } from 'wxt/browser';
import { revealChat, type ChatRevealer } from './chat-notifications.ts';

type SidePanel = { open(options: { windowId: number }): Promise<void> };

/** The real browser behind `revealChat`. */
export const browserRevealer: ChatRevealer = {
  async focusTab(tabId) {
    try {
      const tab = await browser.tabs.update(tabId, { active: true });
      if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
      return true;
    } catch {
      return false;
    }
  },
  async openSidePanel(windowId) {
    const sidePanel = (browser as unknown as { sidePanel?: SidePanel }).sidePanel;
    if (!sidePanel) return false;
    try {
      // Called before any await in the click listener: opening the panel needs the click's user gesture.
      await sidePanel.open({ windowId });
      await browser.windows.update(windowId, { focused: true });
      return true;
    } catch {
      return false;
    }
  },
  async openChatWindow() {
    await browser.windows.create({ url: browser.runtime.getURL('/sidepanel.html'), type: 'popup', width: 440, height: 720 });
  },
  notificationIds: async () => Object.keys(await browser.notifications.getAll()),
  clear: async (id) => void (await browser.notifications.clear(id)),
};

/** A click on a chat notification brings the chat back to the front and clears the session's notifications. */
export function wireChatNotifications(): void {
  browser.notifications.onClicked.addListener((id: string) => {
    void revealChat(id, browserRevealer).catch((error: unknown) => console.warn('could not bring the chat to the front', error));
  });
}
