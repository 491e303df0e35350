import { describe, expect, it } from 'vitest';
import { chatNotificationId, idsOfSession, parseChatNotificationId, revealChat, type ChatRevealer } from './chat-notifications.ts';

/** A browser with tabs, windows that may or may not allow the side panel, and live notifications. */
class FakeBrowser implements ChatRevealer {
  calls: string[] = [];
  tabs = new Set<number>();
  panelAllowed = true;
  notifications = new Set<string>();
  async focusTab(tabId: number) {
    this.calls.push(`tab ${tabId}`);
    return this.tabs.has(tabId);
  }
  async openSidePanel(windowId: number) {
    this.calls.push(`panel ${windowId}`);
    return this.panelAllowed;
  }
  async openChatWindow() {
    this.calls.push('window');
  }
  async notificationIds() {
    return [...this.notifications];
  }
  async clear(id: string) {
    this.notifications.delete(id);
  }
}

describe('chat notifications', () => {
  it('ids carry the session, window and tab, and only ours parse', () => {
    const id = chatNotificationId({ sessionId: 'Ab_-9', windowId: 3, tabId: 17 }, 'u-1');
    expect(parseChatNotificationId(id)).toEqual({ sessionId: 'Ab_-9', windowId: 3, tabId: 17 });
    expect(parseChatNotificationId(chatNotificationId({ sessionId: 's', windowId: 4, tabId: null }, 'u'))).toEqual({ sessionId: 's', windowId: 4, tabId: null });
    for (const other of ['', 'n1', 'rs-chat|s|1|2', 'rs-chat|s|x|2|u', 'rs-chat|a|b|1|2|u', `rs-chat|${'s'.repeat(65)}|1|2|u`]) expect(parseChatNotificationId(other)).toBeNull();
    expect(idsOfSession([id, 'n1', chatNotificationId({ sessionId: 'other', windowId: 3, tabId: 17 }, 'u')], 'Ab_-9')).toEqual([id]);
  });

  it('a click brings back the chat tab and clears that session only', async () => {
    const b = new FakeBrowser();
    b.tabs.add(17);
    const first = chatNotificationId({ sessionId: 's1', windowId: 3, tabId: 17 }, 'a');
    const second = chatNotificationId({ sessionId: 's1', windowId: 3, tabId: 17 }, 'b');
    const other = chatNotificationId({ sessionId: 's2', windowId: 3, tabId: 18 }, 'c');
    b.notifications = new Set([first, second, other, 'not-ours']);
    expect(await revealChat(first, b)).toBe(true);
    expect(b.calls).toEqual(['tab 17']);
    expect([...b.notifications]).toEqual([other, 'not-ours']);
  });

  it('a side panel chat reopens the panel in its window; where that fails, a chat window opens', async () => {
    const b = new FakeBrowser();
    await revealChat(chatNotificationId({ sessionId: 's', windowId: 5, tabId: null }, 'a'), b);
    expect(b.calls).toEqual(['panel 5']);
    b.calls = [];
    b.panelAllowed = false;
    await revealChat(chatNotificationId({ sessionId: 's', windowId: 5, tabId: null }, 'a'), b);
    expect(b.calls).toEqual(['panel 5', 'window']);
    b.calls = [];
    await revealChat(chatNotificationId({ sessionId: 's', windowId: 5, tabId: 99 }, 'a'), b);
    expect(b.calls).toEqual(['tab 99', 'window']);
  });

  it('ignores notifications it did not make', async () => {
    const b = new FakeBrowser();
    b.notifications.add('n1');
    expect(await revealChat('n1', b)).toBe(false);
    expect(b.calls).toEqual([]);
    expect(b.notifications.has('n1')).toBe(true);
  });
});
