import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { X11Watermark, WATERMARK_PIXEL, watermarkLayout, watermarkText } from './watermark.linux.ts';
import { textRectangles } from './font.ts';
import { grabRoot } from './x11-client.ts';
import { useX11Display } from './x11-fixture.ts';

const fixture = useX11Display();

const countWatermarkPixels = async () =>
  (await grabRoot(fixture.x, { x: 0, y: 0, width: 1280, height: 800 })).filter((p) => p === WATERMARK_PIXEL).length;

it('shows the representative on screen, lets clicks through, and goes away', async () => {
  const watermark = new X11Watermark(fixture.x);
  expect(await countWatermarkPixels()).toBe(0);
  await watermark.show('Ada Lovelace');
  expect(await countWatermarkPixels()).toBeGreaterThan(1000);

  // A click on a lit glyph pixel reaches the root window below: xdotool reports no window of ours under it.
  const box = watermarkLayout({ x: 0, y: 0, width: 1280, height: 800 }, watermarkText('Ada Lovelace'));
  const env = { ...process.env, DISPLAY: fixture.display.display };
  const pixels = await grabRoot(fixture.x, box);
  // The lit pixels spell exactly "Remote support: Ada Lovelace is connected".
  const expected = new Uint8Array(box.width * box.height);
  for (const [rx, ry, rw, rh] of textRectangles(watermarkText('Ada Lovelace'), box.scale)) {
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
});
