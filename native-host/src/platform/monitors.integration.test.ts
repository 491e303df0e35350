import { expect, it } from 'vitest';
import { mapToDesktop } from '../geometry.ts';
import { X11Watermark, WATERMARK_PIXEL } from './watermark.linux.ts';
import { grabRoot, queryMonitors } from './x11-client.ts';
import { useX11Display } from './x11-fixture.ts';

/** Two monitors side by side (Xvfb with Xinerama): the host sees both, and the watermark is on each. */
const fixture = useX11Display(1280, 800, [[1024, 768]]);

it('finds every monitor and puts the watermark on each', async () => {
  const monitors = await queryMonitors(fixture.x);
  expect(monitors).toEqual([
    { x: 0, y: 0, width: 1280, height: 800 },
    { x: 1280, y: 0, width: 1024, height: 768 },
  ]);
  // The right edge of the shared view is on the second monitor; its bottom edge is clamped to that monitor.
  expect(mapToDesktop({ x: 1, y: 1 }, monitors)).toEqual({ x: 2303, y: 767 });

  const watermark = new X11Watermark(fixture.x);
  await watermark.show('Ada Lovelace');
  for (const m of monitors) {
    const lit = (await grabRoot(fixture.x, m)).filter((p) => p === WATERMARK_PIXEL).length;
    expect(lit).toBeGreaterThan(500);
  }
  await watermark.close();
  for (const m of monitors) expect((await grabRoot(fixture.x, m)).filter((p) => p === WATERMARK_PIXEL).length).toBe(0);
}, 30_000);
