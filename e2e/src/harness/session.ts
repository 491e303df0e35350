import type { Page } from 'puppeteer-core';
import { LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX, PROTOCOL_VERSION } from '@rs/protocol';
import { ADMIN_PASSWORD, type ServerProcess } from './server.ts';
import type { ExtensionBrowser } from './browser.ts';
import { button, byRole, fill, waitForRoleText } from './ui.ts';
import { adminApi, signInConsole } from './click-to-chat.ts';

/** Signs the admin in on a fresh console page, starts a customer chat, and accepts it. */
export async function startChatAndAccept(
  server: ServerProcess,
  consoleBrowser: ExtensionBrowser,
  customerBrowser: ExtensionBrowser,
  name: string,
  { recording }: { recording: boolean },
): Promise<{ rep: Page; customer: Page; sessionId: string }> {
  // The default site asks the customer about recording (click-to-chat's setting).
  await (await adminApi(server.url)).configure({ recordingPrompt: true });
  const rep = await signInConsole(consoleBrowser, server.url);

  const customer = await customerBrowser.open('sidepanel.html');
  await byRole(customer, 'heading', 'Chat with support').wait();
  await customer.locator('summary').click();
  await fill(customer, 'Support server', server.url);
  await button(customer, 'Save').click();
  await fill(customer, 'Your name', name);
  await button(customer, 'Start chat').click();
  await button(customer, recording ? 'Allow recording' : 'Refuse recording').click();
  await button(rep, `Accept ${name}`).click();
  await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');
  const sessionId = await customer.evaluate(async () => {
    type Area = { get(key: string): Promise<{ customerSession?: { sessionId: string } }> };
    const stored = await (globalThis as unknown as { chrome: { storage: { session: Area } } }).chrome.storage.session.get('customerSession');
    return stored.customerSession?.sessionId ?? '';
  });
  return { rep, customer, sessionId };
}

export async function adminToken(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** Sends one live-socket request from inside an extension page (so with its Origin) and returns the answer frame. */
export async function liveRequestFrom(page: Page, serverUrl: string, token: string, request: Record<string, unknown>): Promise<Record<string, unknown>> {
  const url = `${serverUrl.replace(/^http/, 'ws')}/api/ws`;
  return page.evaluate(
    (url, protocols, v, request) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const ws = new WebSocket(url, protocols);
        const timer = setTimeout(() => reject(new Error('no answer')), 5000);
        ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', v }));
        ws.onmessage = (e) => {
          const m = JSON.parse(String(e.data)) as Record<string, unknown>;
          if (m.type === 'welcome') ws.send(JSON.stringify({ ...request, id: 'e2e' }));
          if (m.id === 'e2e') {
            clearTimeout(timer);
            ws.close();
            resolve(m);
          }
        };
        ws.onerror = () => reject(new Error('socket failed'));
      }),
    url,
    [LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX + token],
    PROTOCOL_VERSION,
    request,
  );
}
