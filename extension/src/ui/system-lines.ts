import { readSystemLine, type SystemLineCode } from '@rs/protocol';
import { t } from '../i18n/index.ts';

/** A server transcript line in the reader's language: the server writes English from one table (protocol SYSTEM_LINES), read back here by its event. */
export function systemLineText(text: string): string {
  const line = readSystemLine(text);
  // The key is checked by the catalogue test against SYSTEM_LINES; its placeholders come from the text.
  const translate = t as unknown as (key: `systemLines.${SystemLineCode}`, params: Record<string, string>) => string;
  return line ? translate(`systemLines.${line.code}`, line.params) : text;
}
