import { describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '@rs/protocol';
import { fromDraft, questionsToText, textToQuestions, toDraft } from './site-form.ts';

describe('site settings form', () => {
  it('round-trips the default settings', () => {
    expect(fromDraft(toDraft(DEFAULT_SITE_SETTINGS))).toEqual(DEFAULT_SITE_SETTINGS);
  });
  it('reads survey questions one per line', () => {
    expect(textToQuestions('rating: How was it?\n\ntext: Tell us more\nPlain line')).toEqual([
      { id: 'rating', kind: 'rating', label: 'How was it?' },
      { id: 'comment', kind: 'text', label: 'Tell us more' },
      { id: 'q3', kind: 'text', label: 'Plain line' },
    ]);
    expect(questionsToText([{ id: 'a', kind: 'text', label: 'Why?' }])).toBe('text: Why?');
  });
  it('reads empty optional fields as none', () => {
    const d = { ...toDraft(DEFAULT_SITE_SETTINGS), maxWaitText: ' ', noRepUrlText: '' };
    expect(fromDraft(d)).toMatchObject({ maxWaitSeconds: null, noRepUrl: null });
  });
});
