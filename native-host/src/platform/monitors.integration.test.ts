import { afterAll, beforeAll, expect, it } from 'vitest';
import { mapToDesktop } from '../geometry.ts';
import { startXvfb, type TestDisplay } from '../testing.ts';
import { X11Watermark, WATERMARK_PIXEL } from './watermark.linux.ts';
import { connectX11, grabRoot, queryMonitors, type X11 } from './x11-client.ts';

/** Two monitors side by side (Xvfb with Xinerama): the host sees both, and the watermark is on each. */
let xvfb: TestDisplay;
let x: X11;
beforeAll(async () => {
  xvfb = await startXvfb(1280, 800, [[1024, 768]]);
  x = await connectX11(xvfb.display);
});
afterAll(async () => {
  x?.close();
  await xvfb?.close();
});

it('finds every monitor and puts the watermark on each', async () => {
  const monitors = await queryMonitors(x);
  expect(monitors).toEqual([
    { x: 0, y: 0, width: 1280, height: 800 },
    { x: 1280, y: 0, width: 1024, height: 768 },
  ]);
  // The right edge of the shared view is on the second monitor; its bottom edge is clamped to that monitor.
  expect(mapToDesktop({ x: 1, y: 1 }, monitors)).toEqual({ x: 2303, y: 767 });

  const watermark = new X11Watermark(x);
  await watermark.show('Ada Lovelace');
  for (const m of monitors) {
    const lit = (await grabRoot(x, m)).filter((p) => p === WATERMARK_PIXEL).length;
    expect(lit).toBeGreaterThan(500);
  }
  await watermark.close();
  for (const m of monitors) expect((await grabRoot(x, m)).filter((p) => p === WATERMARK_PIXEL).length).toBe(0);
});
