import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { X11Watermark, WATERMARK_PIXEL, watermarkLayout, watermarkText } from './watermark.linux.ts';
import { loadOutlineFont } from './outline-font.ts';
import { grabRoot } from './x11-client.ts';
import { useX11Display } from './x11-fixture.ts';

const fixture = useX11Display();

const countWatermarkPixels = async () =>
  (await grabRoot(fixture.x, { x: 0, y: 0, width: 1280, height: 800 })).filter((p) => p === WATERMARK_PIXEL).length;

it('shows the representative on screen, lets clicks through, and goes away', async () => {
  const watermark = new X11Watermark(fixture.x, { fontDirs: [] });
  expect(await countWatermarkPixels()).toBe(0);
  await watermark.show('Ada Lovelace');
  expect(await countWatermarkPixels()).toBeGreaterThan(1000);

  // A click on a lit glyph pixel reaches the root window below: xdotool reports no window of ours under it.
  const box = watermarkLayout({ x: 0, y: 0, width: 1280, height: 800 }, watermarkText('Ada Lovelace'), loadOutlineFont([]));
  const env = { ...process.env, DISPLAY: fixture.display.display };
  const pixels = await grabRoot(fixture.x, box);
  // The lit pixels spell exactly "Remote support: Ada Lovelace is connected".
  const expected = new Uint8Array(box.width * box.height);
  for (const [rx, ry, rw, rh] of box.rects) {
    for (let yy = ry; yy < ry + rh; yy++) for (let xx = rx; xx < rx + rw; xx++) expected[yy * box.width + xx] = 1;
  }
  expect(Array.from(pixels, (p) => (p === WATERMARK_PIXEL ? 1 : 0))).toEqual(Array.from(expected));
  const lit = pixels.findIndex((p) => p === WATERMARK_PIXEL);
  const px = box.x + (lit % box.width);
  const py = box.y + Math.floor(lit / box.width);
  execFileSync('xdotool', ['mousemove', String(px), String(py)], { env });
  const under = execFileSync('xdotool', ['getmouselocation', '--shell'], { env }).toString();
  expect(under).toContain(`X=${px}`);
  expect(under).toMatch(/WINDOW=\d+/);
  const window = Number(/WINDOW=(\d+)/.exec(under)![1]);
  expect(window).not.toBe(0);
  // The pointer's window is the root (nothing else is mapped), not the watermark.
  expect(window).toBe(fixture.x.root);

  await watermark.close();
  expect(await countWatermarkPixels()).toBe(0);
}, 30_000);

it('draws a name in any script (Greek, Cyrillic, Polish) letter for letter, with the DejaVu Sans the helper ships', async () => {
  const name = 'Ζωή Светлана Łukasz';
  const watermark = new X11Watermark(fixture.x, { fontDirs: ['/usr/share/fonts/truetype/dejavu'] });
  await watermark.show(name);
  const font = loadOutlineFont([])!;
  const box = watermarkLayout({ x: 0, y: 0, width: 1280, height: 800 }, watermarkText(name), font);
  const pixels = await grabRoot(fixture.x, box);
  const drawn = Array.from(pixels, (p) => (p === WATERMARK_PIXEL ? 1 : 0));
  const expected = new Array<number>(box.width * box.height).fill(0);
  for (const [rx, ry, rw, rh] of box.rects) for (let yy = ry; yy < ry + rh; yy++) for (let xx = rx; xx < rx + rw; xx++) expected[yy * box.width + xx] = 1;
  expect(drawn).toEqual(expected);
  // Not question marks: the same text with every non-ASCII letter as ? lays out differently.
  const asQuestions = watermarkLayout({ x: 0, y: 0, width: 1280, height: 800 }, watermarkText(name.replace(/[^\x20-\x7e]/g, '?')), font);
  expect(asQuestions.rects).not.toEqual(box.rects);
  await watermark.close();
}, 30_000);
