import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FONT_SIZE, LocalDb, loadDraft, loadFontSize, saveDraft, saveFontSize, stepFontSize } from './local-db.ts';

describe('local database (Dexie)', () => {
  it('steps the font size along the scale and stops at its ends', () => {
    expect(stepFontSize(15, 1)).toBe(17);
    expect(stepFontSize(15, -1)).toBe(13);
    expect(stepFontSize(13, -1)).toBe(13);
    expect(stepFontSize(24, 1)).toBe(24);
  });

  it('remembers the font size and drafts', async () => {
    const db = new LocalDb(`test-${Math.random()}`);
    expect(await loadFontSize(db)).toBe(DEFAULT_FONT_SIZE);
    await saveFontSize(20, db);
    expect(await loadFontSize(db)).toBe(20);
    await saveDraft('s1', 'half a thought', db);
    expect(await loadDraft('s1', db)).toBe('half a thought');
    await saveDraft('s1', '', db);
    expect(await loadDraft('s1', db)).toBe('');
  });
});
