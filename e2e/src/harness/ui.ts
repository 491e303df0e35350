import type { Locator, Page } from 'puppeteer-core';

const quote = (s: string) => s.replace(/"/g, '\\"');

/** An element found the way a person or a screen reader finds it: by role and accessible name. */
export const byRole = (page: Page, role: string, name: string): Locator<Element> =>
  page.locator(`::-p-aria([name="${quote(name)}"][role="${role}"])`);

export const button = (page: Page, name: string) => byRole(page, 'button', name);

export async function fill(page: Page, label: string, value: string): Promise<void> {
  await byRole(page, 'textbox', label).fill(value);
}

/** Waits until the element with this role and name contains the text. */
export async function waitForText(page: Page, role: string, name: string, text: string, timeout = 10_000): Promise<void> {
  const el = await byRole(page, role, name).setTimeout(timeout).waitHandle();
  await page.waitForFunction((e, t) => (e as HTMLElement).innerText.includes(t), { timeout }, el, text);
}

/** Waits for any element with this role whose text contains `text` (for role=status, role=alert). */
export async function waitForRoleText(page: Page, role: string, text: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    (r, t) => [...document.querySelectorAll(`[role="${r}"]`)].some((e) => (e as HTMLElement).innerText.includes(t)),
    { timeout },
    role,
    text,
  );
}

/** One chat line as a person sends it (type it in Message, press Send), waited for in the other party's conversation. */
export async function say(from: Page, to: Page, text: string): Promise<void> {
  await fill(from, 'Message', text);
  await button(from, 'Send').click();
  await waitForText(to, 'log', 'Conversation', text);
}

/** Visible text of the whole page, for assertions that something is (not) shown. */
export const pageText = (page: Page): Promise<string> => page.evaluate(() => document.body.innerText);
