import { expect, it } from 'vitest';
import { textRectangles, textWidth } from './font.ts';

it('draws glyphs as merged column runs, and unknown characters as ?', () => {
  // 'I' is 00 41 7f 41 00: a full middle column and the serifs.
  expect(textRectangles('I', 1)).toEqual([
    [1, 0, 1, 1], [1, 6, 1, 1], [2, 0, 1, 7], [3, 0, 1, 1], [3, 6, 1, 1],
  ]);
  expect(textRectangles('é', 2)).toEqual(textRectangles('?', 2));
  expect(textRectangles(' ', 3)).toEqual([]);
  expect(textWidth('abc', 2)).toBe(36);
});
