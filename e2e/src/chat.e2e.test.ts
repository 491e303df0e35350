import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { SessionListResponse, TranscriptResponse } from '@rs/protocol';
import { ADMIN_PASSWORD, startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, pageText, waitForRoleText, waitForText, say } from './harness/ui.ts';
import { sample, scrape, type Families } from '../../server/src/testing-metrics.ts';

/**
 * The foundation's promise, steps 3 to 7: a representative signs in, a
 * customer starts a chat from the extension, the representative accepts, both
 * chat, reloads keep the conversation, either side ends it, and the transcript
 * is on the server for representatives only.
 */
describe('a customer and a representative chat end to end', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let rep: Page;
  let customer: Page;
  let metricsAtStart: Families;
  const CUSTOMER = 'Ada <b>Lovelace</b>';

  beforeAll(async () => {
    server = await startServerProcess();
    metricsAtStart = await scrape(server.url);
    [consoleBrowser, customerBrowser] = await Promise.all([launchWithExtension('console'), launchWithExtension('customer')]);
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), customerBrowser?.close()]);
    await server?.stop();
  });

  async function startChat(name: string): Promise<Page> {
    const page = await customerBrowser.open('sidepanel.html');
    await byRole(page, 'heading', 'Chat with support').wait();
    await page.locator('summary').click();
    await fill(page, 'Support server', server.url);
    await button(page, 'Save').click();
    await fill(page, 'Your name', name);
    await button(page, 'Start chat').click();
    return page;
  }

  it('3. a representative signs in and sees the live queue, empty at first', async () => {
    rep = await consoleBrowser.open('console.html');
    await byRole(rep, 'heading', 'Representative console').wait();
    await fill(rep, 'Server', server.url);
    await fill(rep, 'Username', 'admin');
    await fill(rep, 'Password', ADMIN_PASSWORD);
    await button(rep, 'Sign in').click();
    await byRole(rep, 'heading', 'Queue').wait();
    await waitForText(rep, 'region', 'Queue', 'No customers are waiting.');
  });

  it('4. a customer starts a chat and appears in the queue with a live wait time', async () => {
    customer = await startChat(CUSTOMER);
    await waitForRoleText(customer, 'status', 'Waiting for a representative…');
    await button(rep, `Accept ${CUSTOMER}`).wait();
    // The name is shown as text, markup and all.
    expect(await pageText(rep)).toContain(CUSTOMER);
    const waitText = () => rep.evaluate(() => /Waiting (\d+):(\d\d)/.exec(document.body.innerText)?.slice(1).join(':') ?? '');
    const first = await waitText();
    expect(first).toMatch(/^\d+:\d\d$/);
    await rep.waitForFunction((f) => /Waiting (\d+:\d\d)/.exec(document.body.innerText)?.[1] !== f, { timeout: 5000 }, first);
  });

  it('5. the representative accepts and both sides chat, with Send and with Enter', async () => {
    await button(rep, `Accept ${CUSTOMER}`).click();
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');
    await waitForText(rep, 'region', 'Queue', 'No customers are waiting.');

    await say(customer, rep, 'My printer is on fire');
    await waitForText(customer, 'log', 'Conversation', 'My printer is on fire');

    await fill(rep, 'Message', 'Please step away from it <script>');
    await rep.keyboard.press('Enter');
    await waitForText(customer, 'log', 'Conversation', 'Please step away from it <script>');
    expect(await byRole(rep, 'textbox', 'Message').map((e) => (e as HTMLTextAreaElement).value).wait()).toBe('');
  });

  it('5. a reload on either side shows the whole conversation again', async () => {
    await customer.reload();
    await waitForText(customer, 'log', 'Conversation', 'My printer is on fire');
    await waitForText(customer, 'log', 'Conversation', 'Please step away from it <script>');
    await rep.reload();
    await waitForText(rep, 'log', 'Conversation', 'My printer is on fire');
    await waitForText(rep, 'log', 'Conversation', 'Please step away from it <script>');
    await waitForRoleText(customer, 'status', 'You are chatting with Administrator.');
  });

  it('6. End Session, then Close Session: the customer sees that the session has ended', async () => {
    await button(rep, 'End Session').click();
    await byRole(rep, 'dialog', 'End this session?').wait();
    await button(rep, 'Close Session').click();
    await waitForRoleText(customer, 'status', 'The session has ended.');
    expect(await byRole(customer, 'textbox', 'Message').setTimeout(500).wait().then(() => true, () => false)).toBe(false);
  });

  it('6. when the customer closes the chat, the console says the customer has left', async () => {
    const second = await startChat('Charles Babbage');
    await button(rep, 'Accept Charles Babbage').click();
    await waitForRoleText(second, 'status', 'You are chatting with Administrator.');
    await second.close();
    await waitForText(rep, 'log', 'Conversation', 'The customer has left the conversation.');
  });

  it('7. the transcript is stored and readable by a signed-in representative only', async () => {
    const signIn = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const list = (await (await fetch(`${server.url}/api/sessions`, { headers: { authorization: `Bearer ${token}` } })).json()) as SessionListResponse;
    const session = list.sessions.find((s) => s.customerName === CUSTOMER);
    expect(session).toMatchObject({ state: 'closed', endReason: 'rep_closed' });
    const path = `${server.url}/api/sessions/${session?.id}/transcript`;
    const transcript = (await (await fetch(path, { headers: { authorization: `Bearer ${token}` } })).json()) as TranscriptResponse;
    expect(transcript.messages.map((m) => m.text)).toEqual([
      'Administrator joined the session.',
      'My printer is on fire',
      'Please step away from it <script>',
      'Administrator closed the session.',
    ]);
    expect((await fetch(path)).status).toBe(401);
  });

  it('8. /metrics (Prometheus text, parsed by a Prometheus parser) counted the chats, the accepts and the sockets', async () => {
    const now = await scrape(server.url);
    const moved = (name: string, labels: Record<string, string> = {}) => sample(now, name, labels) - sample(metricsAtStart, name, labels);
    // Two lines sent (Send and Enter), two sessions accepted after a wait in the queue, both sessions closed.
    expect(moved('rs_live_requests_total', { type: 'chat.send', outcome: 'ok' })).toBe(2);
    expect(moved('rs_live_requests_total', { type: 'session.accept', outcome: 'ok' })).toBe(2);
    expect(moved('rs_queue_wait_seconds')).toBe(2);
    expect(sample(now, 'rs_live_sockets', { role: 'rep' })).toBeGreaterThanOrEqual(1);
    expect(sample(now, 'rs_sessions', { state: 'active' }) + sample(now, 'rs_queue_depth')).toBe(0);
    expect(sample(now, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });
});
