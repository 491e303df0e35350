// First: MV3 extension pages forbid eval, and schemas built after this import never probe it.
import '@rs/protocol/strict-csp';
import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';

/**
 * The console is a full tab; the toolbar button opens it. (Finding an existing
 * console tab would need the "tabs" permission, which the console does not ask for.)
 */
export default defineBackground(() => {
  browser.action.onClicked.addListener(() => {
    void browser.tabs.create({ url: browser.runtime.getURL('/console.html') });
  });
});
