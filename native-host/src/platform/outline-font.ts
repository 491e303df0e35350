import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as opentypeModule from 'opentype.js';
import type { Font, Glyph, OpenType, PathCommand } from 'opentype.js';

/** A rectangle of lit pixels: x, y, width, height. */
export type PixelRect = [number, number, number, number];

// Node loads the package's UMD build (its exports are the default); a bundler picks its ES module (named exports).
const opentype: OpenType = 'parse' in opentypeModule ? (opentypeModule as unknown as OpenType) : (opentypeModule as unknown as { default: OpenType }).default;

const FONT_FILE = 'DejaVuSans.ttf';
/** Where Linux distributions keep DejaVu Sans (Debian/Ubuntu, Fedora, Arch), after the helper's own copy. */
const SYSTEM_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu-sans-fonts', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF'];

/**
 * DejaVu Sans (Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic
 * and more), from the helper's install folder (the installer ships it) or
 * the system; null when neither has it (the bitmap font then draws ASCII).
 */
export function loadOutlineFont(dirs: readonly string[]): Font | null {
  const key = dirs.join('\0');
  if (!loaded.has(key)) loaded.set(key, readFont(dirs));
  return loaded.get(key)!;
}

/** Parsed once per process and folder list: parsing takes a few hundred milliseconds. */
const loaded = new Map<string, Font | null>();

function readFont(dirs: readonly string[]): Font | null {
  for (const dir of [...dirs, ...SYSTEM_DIRS]) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, FONT_FILE));
    } catch {
      continue;
    }
    try {
      return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { lowMemory: true });
    } catch {
      // A damaged file: try the next place.
    }
  }
  return null;
}

/**
 * Each letter as its own glyph, kerned, placed here rather than by
 * opentype.js's text layout: that applies substitutions, and throws on some
 * of DejaVu's (a name needs no ligatures). Returns the glyphs with their
 * x positions in font units, and the advance of the whole text.
 */
function layout(font: Font, text: string): { placed: Array<{ glyph: Glyph; x: number }>; advance: number } {
  const placed: Array<{ glyph: Glyph; x: number }> = [];
  let x = 0;
  let previous: Glyph | null = null;
  for (const char of text) {
    const glyph = font.charToGlyph(char);
    if (previous) x += font.getKerningValue(previous, glyph);
    placed.push({ glyph, x });
    x += glyph.advanceWidth ?? 0;
    previous = glyph;
  }
  return { placed, advance: x };
}

/** The width of `text` at one pixel per em: what sizes the watermark to its monitor. */
export const advancePerPixel = (font: Font, text: string): number => layout(font, text).advance / font.unitsPerEm;

type Edge = { x0: number; y0: number; x1: number; y1: number };

/** The outline as straight edges: curves split into short segments. */
function edges(commands: readonly PathCommand[]): Edge[] {
  const out: Edge[] = [];
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  const line = (nx: number, ny: number) => {
    if (ny !== y) out.push({ x0: x, y0: y, x1: nx, y1: ny });
    x = nx;
    y = ny;
  };
  const STEPS = 8;
  for (const c of commands) {
    if (c.type === 'M') {
      x = startX = c.x!;
      y = startY = c.y!;
    } else if (c.type === 'L') line(c.x!, c.y!);
    else if (c.type === 'Q') {
      const [sx, sy] = [x, y];
      for (let i = 1; i <= STEPS; i++) {
        const t = i / STEPS;
        const u = 1 - t;
        line(u * u * sx + 2 * u * t * c.x1! + t * t * c.x!, u * u * sy + 2 * u * t * c.y1! + t * t * c.y!);
      }
    } else if (c.type === 'C') {
      const [sx, sy] = [x, y];
      for (let i = 1; i <= STEPS; i++) {
        const t = i / STEPS;
        const u = 1 - t;
        line(
          u * u * u * sx + 3 * u * u * t * c.x1! + 3 * u * t * t * c.x2! + t * t * t * c.x!,
          u * u * u * sy + 3 * u * u * t * c.y1! + 3 * u * t * t * c.y2! + t * t * t * c.y!,
        );
      }
    } else line(startX, startY);
  }
  return out;
}

/**
 * `text` set in `font` at `pixels` per em, as rectangles of lit pixels (a
 * pixel is lit when its centre is inside the outline, non-zero winding),
 * equal runs on consecutive rows merged into one rectangle, since the
 * watermark window is shaped by them.
 */
export function outlineText(font: Font, text: string, pixels: number): { width: number; height: number; rects: PixelRect[] } {
  const scale = pixels / font.unitsPerEm;
  const ascent = Math.ceil(font.ascender * scale);
  const height = ascent + Math.ceil(-font.descender * scale);
  const { placed, advance } = layout(font, text);
  const width = Math.ceil(advance * scale);
  // Each edge filed under the pixel rows whose centres it crosses, so a row looks only at its own edges.
  const rows: Edge[][] = Array.from({ length: height }, () => []);
  for (const { glyph, x } of placed) {
    for (const e of edges(glyph.getPath(x * scale, ascent, pixels).commands)) {
      const first = Math.max(0, Math.ceil(Math.min(e.y0, e.y1) - 0.5));
      const last = Math.min(height, Math.ceil(Math.max(e.y0, e.y1) - 0.5));
      for (let row = first; row < last; row++) rows[row]!.push(e);
    }
  }
  const rects: PixelRect[] = [];
  let open = new Map<string, PixelRect>();
  for (let row = 0; row < height; row++) {
    const cy = row + 0.5;
    const crossings = rows[row]!.map((e) => ({ x: e.x0 + ((cy - e.y0) / (e.y1 - e.y0)) * (e.x1 - e.x0), dir: e.y1 > e.y0 ? 1 : -1 }));
    crossings.sort((a, b) => a.x - b.x);
    const next = new Map<string, PixelRect>();
    let winding = 0;
    for (let i = 0; i < crossings.length; i++) {
      const before = winding;
      winding += crossings[i]!.dir;
      if (before !== 0 || winding === 0 || i + 1 >= crossings.length) continue;
      // A span starts here; it ends where the winding comes back to zero.
      let j = i + 1;
      let w = winding;
      for (; j < crossings.length; j++) {
        w += crossings[j]!.dir;
        if (w === 0) break;
      }
      const from = Math.max(0, Math.ceil(crossings[i]!.x - 0.5));
      const to = Math.min(width, Math.ceil(crossings[Math.min(j, crossings.length - 1)]!.x - 0.5));
      winding = w;
      i = j;
      if (to <= from) continue;
      const key = `${from}:${to}`;
      const above = open.get(key);
      if (above) {
        above[3]++;
        next.set(key, above);
      } else {
        const rect: PixelRect = [from, row, to - from, 1];
        rects.push(rect);
        next.set(key, rect);
      }
    }
    open = next;
  }
  return { width, height, rects };
}
