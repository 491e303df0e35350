// First: MV3 extension pages forbid eval, and schemas built after this import never probe it.
import '@rs/protocol/strict-csp';
import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { wireElevation } from '../elevation/background-wiring.ts';
import { handleExternalMessage } from '../external.ts';
import { wireChatNotifications } from '../chat-notifications-background.ts';

/** The customer's chat lives in the side panel; the toolbar button opens it. */
export default defineBackground(() => {
  // sidePanel is Chromium only; Firefox builds simply have no panel behaviour to set.
  const sidePanel = (browser as unknown as { sidePanel?: { setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> } }).sidePanel;
  sidePanel?.setPanelBehavior({ openPanelOnActionClick: true }).catch((error: unknown) => {
    console.warn('could not make the toolbar button open the side panel', error);
  });
  // Elevation: the chat page holds the helper; the worker removes one that a closed page left behind.
  wireElevation();
  // The public support page hands over the session key of an emailed link.
  browser.runtime.onMessageExternal.addListener((message: unknown, sender: unknown) => handleExternalMessage(message, sender as never));
  // A click on a chat notification brings the chat back to the front.
  wireChatNotifications();
});
