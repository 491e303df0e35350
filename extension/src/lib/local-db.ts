import { Dexie, type EntityTable } from 'dexie';

/** A remembered setting (for example the chat's font size). */
export interface Pref {
  key: string;
  value: number | string | boolean;
}

/** An unsent message, kept per session so that a reload or a dropped connection loses nothing. */
export interface Draft {
  sessionId: string;
  text: string;
  updatedAt: number;
}

/** What the customer client keeps in the browser (IndexedDB through Dexie): settings and unsent drafts. */
export class LocalDb extends Dexie {
  prefs!: EntityTable<Pref, 'key'>;
  drafts!: EntityTable<Draft, 'sessionId'>;
  constructor(name = 'rs-customer') {
    super(name);
    this.version(1).stores({ prefs: 'key', drafts: 'sessionId' });
  }
}

let shared: LocalDb | null = null;
export const localDb = (): LocalDb => (shared ??= new LocalDb());

export const FONT_SIZES = [13, 15, 17, 20, 24] as const;
export const DEFAULT_FONT_SIZE = 15;

/** The next font size up or down the scale, staying on it. */
export function stepFontSize(current: number, direction: 1 | -1): number {
  const index = FONT_SIZES.findIndex((s) => s >= current);
  const at = index < 0 ? FONT_SIZES.length - 1 : index;
  return FONT_SIZES[Math.min(FONT_SIZES.length - 1, Math.max(0, at + direction))]!;
}

export async function loadFontSize(db: LocalDb = localDb()): Promise<number> {
  const pref = await db.prefs.get('fontSize').catch(() => undefined);
  return typeof pref?.value === 'number' && (FONT_SIZES as readonly number[]).includes(pref.value) ? pref.value : DEFAULT_FONT_SIZE;
}

export async function saveFontSize(size: number, db: LocalDb = localDb()): Promise<void> {
  await db.prefs.put({ key: 'fontSize', value: size });
}

export async function loadDraft(sessionId: string, db: LocalDb = localDb()): Promise<string> {
  return (await db.drafts.get(sessionId).catch(() => undefined))?.text ?? '';
}

export async function saveDraft(sessionId: string, text: string, db: LocalDb = localDb()): Promise<void> {
  if (text) await db.drafts.put({ sessionId, text, updatedAt: Date.now() });
  else await db.drafts.delete(sessionId);
}
