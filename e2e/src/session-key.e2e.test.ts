import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { WebhookPayload } from '@rs/protocol';
import { startSmtpSink } from '../../server/src/testing-smtp.ts';
import { ADMIN_PASSWORD, startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, pageText, waitForRoleText, waitForText, say } from './harness/ui.ts';
import { signIn } from './harness/click-to-chat.ts';

const BOB_PASSWORD = 'bob-password-e2e';

/** A real HTTP receiver standing in for the ITSM: it keeps every webhook call. */
async function startReceiver() {
  const calls: { body: string; signature: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      calls.push({ body, signature: String(req.headers['x-rs-signature']) });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/itsm`, calls, close: () => new Promise((r) => server.close(r)) };
}

async function json<T>(url: string, init: { token?: string; body?: unknown; method?: string } = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.body ? JSON.stringify(init.body) : null,
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

async function signInToQueue(page: Page, serverUrl: string, username: string, password: string): Promise<void> {
  await signIn(page, serverUrl, username, password);
  await byRole(page, 'heading', 'Queue').wait();
}

/**
 * The ITSM flow: a representative generates a session key for incident
 * INC-1001 and emails it; the customer follows the emailed link into the
 * extension's chat and lands in that representative's personal queue; Hold
 * Session hands it to a second representative with the whole transcript;
 * Close Session; the history shows it and the ITSM receives a signed payload.
 */
describe('session keys for incidents, email, hold and take over, history, ITSM webhook', () => {
  let server: ServerProcess;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let itsm: Awaited<ReturnType<typeof startReceiver>>;
  let adminBrowser: ExtensionBrowser;
  let bobBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let admin: Page;
  let bob: Page;
  let chat: Page;
  let link = '';
  let secret = '';

  beforeAll(async () => {
    [smtp, itsm] = await Promise.all([startSmtpSink(), startReceiver()]);
    server = await startServerProcess({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), MAIL_FROM: 'support@example.com', WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_ALLOW_PRIVATE: 'true' });
    const token = (await json<{ token: string }>(`${server.url}/api/auth/login`, { body: { username: 'admin', password: ADMIN_PASSWORD } })).body.token;
    expect((await json(`${server.url}/api/reps`, { token, body: { username: 'bob', displayName: 'Bob Builder', password: BOB_PASSWORD } })).status).toBe(201);
    const integration = await json<{ secret: string }>(`${server.url}/api/integrations`, { token, body: { name: 'ITSM', webhookUrl: itsm.url } });
    secret = integration.body.secret;
    [adminBrowser, bobBrowser, customerBrowser] = await Promise.all([launchWithExtension('console'), launchWithExtension('console'), launchWithExtension('customer')]);
  });

  afterAll(async () => {
    await Promise.all([adminBrowser?.close(), bobBrowser?.close(), customerBrowser?.close()]);
    await server?.stop();
    await Promise.all([smtp?.close(), itsm?.close()]);
  });

  it('a representative generates a key for INC-1001 and emails the session link', async () => {
    [admin, bob] = await Promise.all([adminBrowser.open('console.html'), bobBrowser.open('console.html')]);
    await signInToQueue(admin, server.url, 'admin', ADMIN_PASSWORD);
    await signInToQueue(bob, server.url, 'bob', BOB_PASSWORD);
    await button(admin, 'Generate Session Key').click();
    await byRole(admin, 'dialog', 'Generate Session Key').wait();
    await fill(admin, 'Incident number', 'INC-1001');
    await fill(admin, 'Customer email (optional)', 'ada@example.com');
    await button(admin, 'Generate').click();
    const shownKey = await byRole(admin, 'textbox', 'Session key').map((e) => (e as HTMLInputElement).value).wait();
    expect(shownKey).toMatch(/^\d{3} \d{3} \d{3}$/);
    const shownLink = await byRole(admin, 'textbox', 'Session link').map((e) => (e as HTMLInputElement).value).wait();
    expect(shownLink).toBe(`${server.url}/#key=${shownKey.replace(/ /g, '')}`);
    await button(admin, 'Send an email').click();
    await waitForRoleText(admin, 'status', 'Email sent to ada@example.com');

    const mail = await smtp.next();
    expect(mail.to).toEqual(['ada@example.com']);
    expect(mail.text).toContain('INC-1001');
    link = /https?:\/\/\S+#key=\d{9}/.exec(mail.text)?.[0] ?? '';
    expect(link).toBe(shownLink);
    await button(admin, 'Done').click();
  });

  it('the customer follows the link into the extension chat and lands in that representative\'s personal queue', async () => {
    const support = await customerBrowser.browser.newPage();
    const opened = customerBrowser.browser.waitForTarget((t) => t.url().endsWith('/sidepanel.html'), { timeout: 15_000 });
    await support.goto(link);
    chat = (await (await opened).asPage())!;
    await waitForRoleText(support, 'status', 'Your support chat has opened');
    expect(await support.evaluate(() => location.hash)).toBe('');
    await byRole(chat, 'heading', 'Chat with support').wait();
    expect(await byRole(chat, 'textbox', 'Session key (if you have one)').map((e) => (e as HTMLInputElement).value).wait()).toBe(link.split('=')[1]!.replace(/(\d{3})(\d{3})(\d{3})/, '$1 $2 $3'));
    await fill(chat, 'Your name', 'Ada');
    await button(chat, 'Start chat').click();
    await waitForRoleText(chat, 'status', 'Waiting for a representative…');

    await button(admin, 'Accept Ada').wait();
    await waitForText(admin, 'region', 'Queue', 'INC-1001');
    // Not in the general queue: the other representative does not see it.
    await new Promise((r) => setTimeout(r, 500));
    await waitForText(bob, 'region', 'Queue', 'No customers are waiting.');

    await button(admin, 'Accept Ada').click();
    await waitForRoleText(chat, 'status', 'You are chatting with Administrator.');
    await say(chat, admin, 'My laptop will not boot');
    await say(admin, chat, 'Let me get a colleague');
  });

  it('Hold Session: the customer is told, and a second representative takes it over with the whole transcript', async () => {
    await button(admin, 'End Session').click();
    await byRole(admin, 'dialog', 'End this session?').wait();
    await button(admin, 'Hold Session').click();
    await waitForText(chat, 'log', 'Conversation', "The session has ended on the representative's side");
    await waitForRoleText(chat, 'status', 'Waiting for another representative');
    await waitForText(admin, 'region', 'Queue', 'On hold');

    await button(bob, 'Accept Ada').click();
    await waitForText(bob, 'log', 'Conversation', 'My laptop will not boot');
    await waitForText(bob, 'log', 'Conversation', 'Let me get a colleague');
    await waitForRoleText(chat, 'status', 'You are chatting with Bob Builder.');
    await fill(bob, 'Message', 'Hi Ada, Bob here');
    await bob.keyboard.press('Enter');
    await waitForText(chat, 'log', 'Conversation', 'Hi Ada, Bob here');
  });

  it('Close Session, then the history shows the transcript and the ITSM receives the signed payload', async () => {
    await button(bob, 'End Session').click();
    await button(bob, 'Close Session').click();
    await waitForRoleText(chat, 'status', 'The session has ended.');

    await expect.poll(() => itsm.calls.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const bobToken = (await json<{ token: string }>(`${server.url}/api/auth/login`, { body: { username: 'bob', password: BOB_PASSWORD } })).body.token;
    await expect.poll(async () => (await json<{ entries: { synced: boolean }[] }>(`${server.url}/api/history?incident=INC-1001`, { token: bobToken })).body.entries[0]?.synced, { timeout: 10_000 }).toBe(true);
    const call = itsm.calls[0]!;
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(call.signature) ?? [];
    expect(v1).toBe(createHmac('sha256', secret).update(`${t}.${call.body}`).digest('hex'));
    const payload = JSON.parse(call.body) as WebhookPayload;
    expect(payload.history).toMatchObject({ incident: 'INC-1001', customerName: 'Ada', repNames: ['Administrator', 'Bob Builder'], endReason: 'rep_closed', recordingUrl: null });
    expect(await (await fetch(payload.history.transcriptUrl)).text()).toContain('My laptop will not boot');

    // The ITSM pulls the incident's journal with a scoped integration token.
    const adminToken = (await json<{ token: string }>(`${server.url}/api/auth/login`, { body: { username: 'admin', password: ADMIN_PASSWORD } })).body.token;
    const integrations = await json<{ integrations: { id: string }[] }>(`${server.url}/api/integrations`, { token: adminToken });
    const issued = await json<{ token: string }>(`${server.url}/api/integrations/${integrations.body.integrations[0]!.id}/tokens`, { token: adminToken, body: { name: 'pull', scopes: ['journal:read'], ttlDays: 30 } });
    const journal = await json<{ entries: { kind: string; sessionId: string | null }[] }>(`${server.url}/api/itsm/incidents/INC-1001/journal`, { token: issued.body.token });
    expect(journal.body.entries.map((e) => e.kind)).toEqual(['email_sent', 'remote_support_history']);
    expect(journal.body.entries[1]?.sessionId).toBe(payload.history.sessionId);

    await button(bob, 'History').click();
    await fill(bob, 'Incident', 'INC-1001');
    await button(bob, 'Search').click();
    await button(bob, 'View history of Ada').click();
    await waitForText(bob, 'log', 'Conversation', 'My laptop will not boot');
    const text = await pageText(bob);
    expect(text).toContain('Hi Ada, Bob here');
    expect(text).toContain('Ada (customer), Administrator (representative), Bob Builder (representative)');
    expect(text).toContain('No recording');
    expect(text).toContain('Synced');
  });

  it('an administrator sees the delivery log and issues and revokes an API token in the console', async () => {
    await button(admin, 'Integrations').click();
    await button(admin, 'Details of ITSM').click();
    await waitForText(admin, 'table', 'Delivery log of ITSM', 'delivered');
    await button(admin, 'Issue API token').click();
    await waitForRoleText(admin, 'status', '(shown once, 90 days');
    const [token, name] = await admin.evaluate(() => [/rsi_[A-Za-z0-9_-]+/.exec(document.body.innerText)?.[0] ?? '', /API token "([^"]+)"/.exec(document.body.innerText)?.[1] ?? '']);
    const pull = () => json(`${server.url}/api/itsm/incidents/INC-1001/journal`, { token });
    expect((await pull()).status).toBe(200);
    await button(admin, `Revoke ${name}`).click();
    await waitForText(admin, 'region', 'Integrations', 'revoked');
    expect((await pull()).status).toBe(401);
    await button(admin, 'Integrations').click();
    await byRole(admin, 'heading', 'Queue').wait();
  });

  it('without the customer extension, the link opens the web chat with the key filled in, and drops it from the address bar', async () => {
    const support = await adminBrowser.browser.newPage();
    await support.goto(link);
    await byRole(support, 'heading', 'Chat with support').wait();
    const spaced = link.split('=')[1]!.replace(/(\d{3})(\d{3})(\d{3})/, '$1 $2 $3');
    expect(await byRole(support, 'textbox', 'Session key (if you have one)').map((e) => (e as HTMLInputElement).value).wait()).toBe(spaced);
    expect(await support.evaluate(() => location.hash)).toBe('');
    await support.close();
  });

  it('a used key is refused in the extension', async () => {
    const support = await customerBrowser.browser.newPage();
    await support.goto(link);
    // The open chat window takes the handed-over key too.
    await byRole(chat, 'heading', 'Chat with support').wait();
    await fill(chat, 'Your name', 'Eve');
    await button(chat, 'Start chat').click();
    await waitForRoleText(chat, 'alert', 'already been used');
  });

  it('Transfer hands an active session straight to another representative, then to a team queue', async () => {
    const panel = await customerBrowser.open('sidepanel.html');
    await byRole(panel, 'heading', 'Chat with support').wait();
    await panel.locator('summary').click();
    await fill(panel, 'Support server', server.url);
    await button(panel, 'Save').click();
    await fill(panel, 'Your name', 'Grace');
    await button(panel, 'Start chat').click();
    await button(admin, 'Accept Grace').click();
    await say(panel, admin, 'Printer jam');

    // Bob leaves the history view for his sessions.
    await button(bob, 'History').click();
    await byRole(bob, 'heading', 'Queue').wait();
    await button(admin, 'Transfer').click();
    await byRole(admin, 'dialog', 'Transfer session').wait();
    await button(admin, 'Transfer to Bob Builder').click();
    await waitForText(bob, 'log', 'Conversation', 'Printer jam');
    await waitForRoleText(panel, 'status', 'You are chatting with Bob Builder.');
    expect(await pageText(admin)).not.toContain('Printer jam');

    await button(bob, 'Transfer').click();
    await button(bob, 'Transfer to the General team').click();
    await waitForRoleText(panel, 'status', 'Waiting for a representative…');
    await button(admin, 'Accept Grace').click();
    await waitForText(admin, 'log', 'Conversation', 'Bob Builder transferred the session to the General team.');
  });
});

describe('an expired session key, and wrong guesses', () => {
  it('refuses the expired key, and locks the address out after the configured number of wrong guesses', async () => {
    const server = await startServerProcess({ SESSION_KEY_TTL_SECONDS: '1', SESSION_KEY_MAX_GUESSES: '3' });
    try {
      const token = (await json<{ token: string }>(`${server.url}/api/auth/login`, { body: { username: 'admin', password: ADMIN_PASSWORD } })).body.token;
      const expired = await json<{ key: string }>(`${server.url}/api/session-keys`, { token, body: { incident: 'INC-1002' } });
      await new Promise((r) => setTimeout(r, 1200));
      const refused = await json<{ error: { message: string } }>(`${server.url}/api/session-keys/redeem`, { body: { key: expired.body.key, customerName: 'Late' } });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain('expired');

      const fresh = await json<{ key: string }>(`${server.url}/api/session-keys`, { token, body: { incident: 'INC-1003' } });
      const redeem = (key: string) => json(`${server.url}/api/session-keys/redeem`, { body: { key, customerName: 'Mallory' } });
      expect((await redeem('000 000 001')).status).toBe(404);
      expect((await redeem('000 000 002')).status).toBe(404);
      // Three wrong guesses (the expired key was one): even the right key is refused now.
      expect((await redeem(fresh.body.key)).status).toBe(429);
    } finally {
      await server.stop();
    }
  });
});
