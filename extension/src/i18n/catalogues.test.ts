import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError, SYSTEM_LINES, systemLine, type SystemLineCode } from '@rs/protocol';
import { systemLineText } from '../ui/system-lines.ts';
import { manifestLocales } from './manifest-locales.ts';
import { errorMessage } from '../lib/errors.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { chooseLanguage, setLanguage, t } from './index.ts';

type Tree = { readonly [key: string]: string | Tree };
function entries(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : entries(v, `${prefix}${k}.`)));
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}|\{(position|wait)\}/g)].map((m) => m[0]).sort();

describe('the catalogues', () => {
  const english = new Map(entries(en));
  const german = new Map(entries(de));

  it('have the same keys, and no empty value', () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, value] of [...english, ...german]) expect(value.trim(), key).not.toBe('');
  });

  it('fill the same placeholders in each language', () => {
    for (const [key, value] of english) expect(placeholders(german.get(key)!), key).toEqual(placeholders(value));
  });

  it('translate nearly everything (the rest are names and units: Server, Codec, ITSM…)', () => {
    const same = [...english].filter(([key, value]) => german.get(key) === value).map(([key]) => key);
    expect(same.length).toBeLessThan(15);
  });
});

describe('the language a person gets', () => {
  afterEach(() => setLanguage('en'));

  it('is the first browser language a catalogue covers, else the site default, else English', () => {
    expect(chooseLanguage(['de-AT', 'en'], null)).toBe('de');
    expect(chooseLanguage(['fr-FR', 'en-GB', 'de'], 'de')).toBe('en');
    expect(chooseLanguage(['fr-FR', 'it'], 'de')).toBe('de');
    expect(chooseLanguage([], null)).toBe('en');
  });

  it('server errors are shown by their code, in German too, never as the server wrote them', async () => {
    await setLanguage('de');
    const error = new ProtocolError('not_found', 'no such session');
    expect(errorMessage(error)).toBe(de.errors.code.not_found);
    expect(errorMessage(new ProtocolError('rate_limited', 'slow down', { retryAfterMs: 90_000 }))).toBe('Zu viele Versuche. Bitte warten Sie 2 Minuten und versuchen Sie es dann erneut.');
    expect(errorMessage(new Error('anything at all'))).toBe(de.errors.generic);
    expect(t('chat.chattingWith', { name: '<b>Ada</b>' })).toBe('Sie chatten mit <b>Ada</b>.');
  });
});

describe('the server transcript lines', () => {
  afterEach(() => setLanguage('en'));

  it('have one catalogue entry per protocol template, the English one the same sentence', () => {
    expect(Object.keys(en.systemLines).sort()).toEqual(Object.keys(SYSTEM_LINES).sort());
    for (const [code, template] of Object.entries(SYSTEM_LINES)) expect(en.systemLines[code as SystemLineCode].replace(/\{\{(\w+)\}\}/g, '{$1}'), code).toBe(template);
  });

  it('are read back from the text and shown in German', async () => {
    await setLanguage('de');
    expect(systemLineText(systemLine('joined', { name: 'Ada' }))).toBe('Ada ist der Sitzung beigetreten.');
    expect(systemLineText(systemLine('transferred_to_team', { name: 'Ada', team: 'Billing' }))).toBe('Ada hat die Sitzung an das Team Billing übergeben.');
    expect(systemLineText(systemLine('file_sent', { sender: 'Bo', file: 'a (1).txt', size: '2 KB' }))).toBe('Bo hat a (1).txt (2 KB) gesendet.');
    expect(systemLineText('A line no template wrote.')).toBe('A line no template wrote.');
  });
});

describe("the manifests' name, description and toolbar title", () => {
  it('are written for every language and app, within the store limits', () => {
    for (const app of ['customer', 'console'] as const) {
      const files = manifestLocales(app);
      expect(files.map((f) => f.relativeDest).sort()).toEqual(['_locales/de/messages.json', '_locales/en/messages.json']);
      for (const f of files) {
        const messages = JSON.parse(f.contents) as Record<'name' | 'description' | 'action', { message: string }>;
        expect(messages.name.message.length).toBeLessThanOrEqual(75);
        expect(messages.description.message.length).toBeLessThanOrEqual(132);
        expect(messages.action.message).not.toBe('');
      }
    }
  });
});
