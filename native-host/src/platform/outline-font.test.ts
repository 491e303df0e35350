import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadOutlineFont, outlineText } from './outline-font.ts';

// DejaVu Sans from fonts-dejavu-core (scripts/lib.sh installs it for the tests).
const font = loadOutlineFont([])!;
const lit = (text: string, px = 32) => {
  const { width, height, rects } = outlineText(font, text, px);
  const grid = new Uint8Array(width * height);
  for (const [x, y, w, h] of rects) for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) grid[yy * width + xx]! += 1;
  return { width, height, grid };
};

it('finds DejaVu Sans, skipping folders without it or with a damaged copy', () => {
  const damaged = mkdtempSync(join(tmpdir(), 'rs-font-'));
  writeFileSync(join(damaged, 'DejaVuSans.ttf'), 'not a font');
  expect(font).not.toBeNull();
  expect(loadOutlineFont(['/nonexistent', damaged])).not.toBeNull();
});

it('draws Latin, Greek and Cyrillic letters as their own shapes, not as ?', () => {
  const question = lit('?');
  for (const letter of ['é', 'Ł', 'Ω', 'λ', 'Ж', 'я']) {
    const shape = lit(letter);
    expect(shape.grid.some(Boolean), letter).toBe(true);
    expect(Buffer.from(shape.grid).equals(Buffer.from(question.grid)), letter).toBe(false);
  }
  expect(Buffer.from(lit('é').grid).equals(Buffer.from(lit('e').grid))).toBe(false);
});

it('covers every lit pixel exactly once, inside the text box', () => {
  const { width, height, grid } = lit('Ζωή Светлана Łukasz', 40);
  expect(width).toBeGreaterThan(300);
  expect(Math.max(...grid)).toBe(1);
  const { rects } = outlineText(font, 'Ζωή Светлана Łukasz', 40);
  for (const [x, y, w, h] of rects) {
    expect(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= width && y + h <= height).toBe(true);
  }
  // Equal runs on consecutive rows are merged: far fewer rectangles than lit rows of runs.
  expect(rects.length).toBeLessThan(grid.filter(Boolean).length / 4);
});
