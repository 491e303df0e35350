import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { en } from '../../extension/src/i18n/en.ts';
import { de } from '../../extension/src/i18n/de.ts';
import { ADMIN_PASSWORD, startServerProcess, type ServerProcess } from './harness/server.ts';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser.ts';
import { button, byRole, fill, waitForRoleText, waitForText } from './harness/ui.ts';
import { adminApi } from './harness/click-to-chat.ts';

type Tree = { readonly [key: string]: string | Tree };
const leaves = (tree: Tree, prefix = ''): Array<[string, string]> =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
const german = new Map(leaves(de));

/** Every English catalogue string that German words differently, as a pattern for a whole text (placeholders match anything). */
const ENGLISH = leaves(en)
  .filter(([key, value]) => german.get(key) !== value)
  .map(([key, value]) => {
    const pattern = value
      .trim()
      .split(/\{\{\w+\}\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    return { key, value, re: new RegExp(`^${pattern}$`) };
  });

/** Every text a person (or a screen reader) meets on the page: text nodes, and aria-label, placeholder, title and alt. */
const renderedTexts = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        const parent = node.parentElement;
        if (parent && !['SCRIPT', 'STYLE'].includes(parent.tagName)) out.push(node.textContent ?? '');
        continue;
      }
      const el = node as Element;
      for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) if (el.hasAttribute(attr)) out.push(el.getAttribute(attr)!);
      // An element holding text only: its whole text too (a sentence built from several text nodes).
      if (el.children.length === 0 && el.childNodes.length > 1) out.push(el.textContent ?? '');
    }
    out.push(document.title);
    return out.map((s) => s.trim()).filter((s) => s !== '');
  });

async function expectNoEnglish(page: Page, where: string): Promise<void> {
  const texts = await renderedTexts(page);
  const left = texts.flatMap((text) => ENGLISH.filter((e) => e.re.test(text)).map((e) => `${e.key}: "${text}"`));
  expect(left, `English left on ${where}`).toEqual([]);
  expect(texts.length, `${where} shows something`).toBeGreaterThan(5);
}

/**
 * The customer chat and the console in a German browser (Chromium's
 * --lang and Accept-Language): every text on every screen walked here comes
 * from the German catalogue, none from the English one.
 */
describe('in a German browser, both extensions speak German', () => {
  let server: ServerProcess;
  let consoleBrowser: ExtensionBrowser;
  let customerBrowser: ExtensionBrowser;
  let rep: Page;
  let customer: Page;
  const GERMAN = { args: ['--lang=de-DE', '--accept-lang=de-DE,de'] };

  beforeAll(async () => {
    server = await startServerProcess();
    await (await adminApi(server.url)).configure({ recordingPrompt: true });
    [consoleBrowser, customerBrowser] = await Promise.all([launchWithExtension('console', GERMAN), launchWithExtension('customer', GERMAN)]);
  });

  afterAll(async () => {
    await Promise.all([consoleBrowser?.close(), customerBrowser?.close()]);
    await server?.stop();
  });

  it('the console signs in and shows its queue in German', async () => {
    rep = await consoleBrowser.open('console.html');
    expect(await rep.evaluate(() => navigator.languages[0])).toMatch(/^de/);
    await byRole(rep, 'heading', 'Mitarbeiterkonsole').wait();
    await expectNoEnglish(rep, 'the sign-in form');
    await fill(rep, 'Server', server.url);
    await fill(rep, 'Benutzername', 'admin');
    await fill(rep, 'Passwort', ADMIN_PASSWORD);
    await button(rep, 'Anmelden').click();
    await waitForText(rep, 'region', 'Warteschlange', 'Es warten keine Kunden.');
    await expectNoEnglish(rep, 'the empty workspace');
  });

  it('a customer starts a chat through the recording question and waits, in German', async () => {
    customer = await customerBrowser.open('sidepanel.html');
    await byRole(customer, 'heading', 'Chat mit dem Support').wait();
    await expectNoEnglish(customer, 'the start screen');
    await customer.locator('summary').click();
    await fill(customer, 'Support-Server', server.url);
    await button(customer, 'Speichern').click();
    await fill(customer, 'Ihr Name', 'Jürgen Groß');
    await button(customer, 'Chat starten').click();
    await byRole(customer, 'region', 'Aufzeichnung der Sitzung').wait();
    await expectNoEnglish(customer, 'the recording question');
    await button(customer, 'Aufzeichnung erlauben').click();
    await waitForRoleText(customer, 'status', 'Warten auf einen Mitarbeiter …');
    await waitForText(customer, 'region', 'Ihr Platz in der Warteschlange', 'Sie sind Nummer 1 in der Warteschlange');
    await expectNoEnglish(customer, 'the queue');
    await button(rep, 'Jürgen Groß annehmen').wait();
    await expectNoEnglish(rep, 'the queue with a customer');
  });

  it('they chat, and every screen of both stays German', async () => {
    await button(rep, 'Jürgen Groß annehmen').click();
    await waitForRoleText(customer, 'status', 'Sie chatten mit Administrator.');
    await fill(customer, 'Nachricht', 'Mein Drucker brennt');
    await button(customer, 'Senden').click();
    await waitForText(rep, 'log', 'Unterhaltung', 'Mein Drucker brennt');
    await fill(rep, 'Nachricht', 'Bitte treten Sie zurück');
    await button(rep, 'Senden').click();
    await waitForText(customer, 'log', 'Unterhaltung', 'Bitte treten Sie zurück');
    await expectNoEnglish(customer, 'the chat');
    await expectNoEnglish(rep, 'the session');

    await button(rep, 'Sitzungsschlüssel erzeugen').click();
    await byRole(rep, 'dialog', 'Sitzungsschlüssel erzeugen').wait();
    await expectNoEnglish(rep, 'the session key dialog');
    await button(rep, 'Abbrechen').click();
    await button(rep, 'Verlauf').click();
    await byRole(rep, 'heading', 'Remote-Support-Verlauf').wait();
    await expectNoEnglish(rep, 'the history');
    await button(rep, 'Einstellungen').click();
    await byRole(rep, 'heading', 'Öffentliche Websites').wait();
    await byRole(rep, 'table', 'Mitarbeiter').wait();
    await expectNoEnglish(rep, 'the settings');
    await button(rep, 'Einstellungen').click();
  });

  it('the session ends: the customer gets the exit survey in German', async () => {
    await button(rep, 'Sitzung beenden').click();
    await byRole(rep, 'dialog', 'Diese Sitzung beenden?').wait();
    await expectNoEnglish(rep, 'the end-session dialog');
    await button(rep, 'Sitzung schließen').click();
    await waitForRoleText(customer, 'status', 'Die Sitzung ist beendet.');
    await byRole(customer, 'form', 'Abschlussumfrage').wait();
    await expectNoEnglish(customer, 'the ended chat with its survey');
    await expectNoEnglish(rep, 'the closed session');
  });

  it("the web chat follows the site's default language when the browser asks for none we have", async () => {
    await (await adminApi(server.url)).configure({ language: 'de' }, '/hilfe', 'Hilfe');
    // A French visitor: this page's Accept-Language and navigator.languages say fr (no third browser to start).
    const page = await customerBrowser.browser.newPage();
    try {
      const cdp = await page.createCDPSession();
      await cdp.send('Emulation.setUserAgentOverride', { userAgent: await customerBrowser.browser.userAgent(), acceptLanguage: 'fr-FR,fr' });
      await page.goto(`${server.url}/`);
      await byRole(page, 'heading', 'Chat with support').wait();
      await page.goto(`${server.url}/hilfe`);
      await byRole(page, 'heading', 'Chat mit dem Support').wait();
      expect(await page.evaluate(() => [navigator.languages[0], document.documentElement.lang])).toEqual([expect.stringMatching(/^fr/), 'de']);
      await fill(page, 'Ihr Name', 'Renée Dupont');
      await button(page, 'Chat starten').click();
      await waitForRoleText(page, 'status', 'Warten auf einen Mitarbeiter …');
      await expectNoEnglish(page, 'the web chat of a German site');
      await button(rep, 'Renée Dupont annehmen').wait();
    } finally {
      await page.close();
    }
  });
});
