import i18next, { type TFunction } from 'i18next';
import { useEffect, useState } from 'preact/hooks';
import { UI_LANGUAGES, type UiLanguage } from '@rs/protocol';
import { de } from './de.ts';
import { en } from './en.ts';

/**
 * The one translation layer of every UI (customer side panel, web chat,
 * console): i18next with both catalogues bundled, so it starts synchronously
 * and works the same in an extension page and on the public support page
 * (the browser's `i18n` API exists only in extensions and follows the
 * browser's UI language, not the site's default).
 */
const instance = i18next.createInstance();
void instance.init({
  resources: { en: { translation: en }, de: { translation: de } },
  lng: chooseLanguage(browserLanguages(), null),
  fallbackLng: 'en',
  supportedLngs: [...UI_LANGUAGES],
  initAsync: false,
  // Preact escapes text itself; i18next escaping would show `&lt;` in names.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Translates a catalogue key; type-checked against the English catalogue. */
// A wrapper rather than `instance.t.bind(instance)`: binding i18next's overloads is too deep for the compiler.
export const t: TFunction = ((...args: unknown[]) => (instance.t as unknown as (...a: unknown[]) => string)(...args)) as unknown as TFunction;

function browserLanguages(): readonly string[] {
  const nav = (globalThis as { navigator?: { languages?: readonly string[]; language?: string } }).navigator;
  return nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : [];
}

/**
 * The language a person reads: the first of their browser's languages that a
 * catalogue covers (`de-AT` counts as `de`); if none, the public site's
 * default language; else English.
 */
export function chooseLanguage(browser: readonly string[], siteDefault: UiLanguage | null): UiLanguage {
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    const match = UI_LANGUAGES.find((l) => l === base);
    if (match) return match;
  }
  return siteDefault ?? 'en';
}

/** The language in use now. */
export function currentLanguage(): UiLanguage {
  return instance.language as UiLanguage;
}

/** Applies the public site's default language (it counts only when the browser names no language we have). */
export function useSiteLanguage(siteDefault: UiLanguage | null): void {
  useEffect(() => {
    const lang = chooseLanguage(browserLanguages(), siteDefault);
    if (lang !== instance.language) void instance.changeLanguage(lang);
  }, [siteDefault]);
}

/**
 * Re-renders the calling component (an app's root, so everything below it)
 * when the language changes, and keeps `<html lang>` (for screen readers)
 * and, given `title`, the page's title in step.
 */
export function useLanguage(title?: () => string): UiLanguage {
  const [lang, setLang] = useState(currentLanguage());
  useEffect(() => {
    const changed = (l: string) => setLang(l as UiLanguage);
    instance.on('languageChanged', changed);
    return () => instance.off('languageChanged', changed);
  }, []);
  useEffect(() => {
    if (typeof document === 'undefined') return;
    document.documentElement.lang = lang;
    if (title) document.title = title();
  }, [lang]);
  return lang;
}

/** Formats a number of a unit the way the language writes it ("3 Minuten"). */
export function formatCount(value: number, unit: 'second' | 'minute'): string {
  return new Intl.NumberFormat(currentLanguage(), { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/** Switches the language now (the roots re-render through `useLanguage`). */
export async function setLanguage(lang: UiLanguage): Promise<void> {
  await instance.changeLanguage(lang);
}
