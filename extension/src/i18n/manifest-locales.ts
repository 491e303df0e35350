import { de } from './de.ts';
import { en } from './en.ts';

const CATALOGUES = { en, de } as const;

/**
 * The manifest's name, description and toolbar title in every language, as
 * the browser reads them (`_locales/<lang>/messages.json`, `__MSG_name__` in
 * the manifest), generated from the same catalogues as the pages.
 */
export function manifestLocales(app: 'customer' | 'console'): Array<{ relativeDest: string; contents: string }> {
  return Object.entries(CATALOGUES).map(([lang, catalogue]) => {
    const m = catalogue.manifest;
    const texts = app === 'customer' ? [m.customerName, m.customerDescription, m.customerAction] : [m.consoleName, m.consoleDescription, m.consoleAction];
    const [name, description, action] = texts.map((message) => ({ message }));
    return { relativeDest: `_locales/${lang}/messages.json`, contents: `${JSON.stringify({ name, description, action }, null, 2)}\n` };
  });
}
