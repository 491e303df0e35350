import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boundingBox, mapToDesktop } from './geometry.ts';

const single = [{ x: 0, y: 0, width: 1280, height: 800 }];
// A 1920x1080 monitor on the left and a smaller 1280x1024 one on its right, top-aligned.
const dual = [
  { x: 0, y: 0, width: 1920, height: 1080 },
  { x: 1920, y: 0, width: 1280, height: 1024 },
];

describe('mapToDesktop', () => {
  it('maps the corners and the centre of one monitor', () => {
    expect(mapToDesktop({ x: 0, y: 0 }, single)).toEqual({ x: 0, y: 0 });
    expect(mapToDesktop({ x: 1, y: 1 }, single)).toEqual({ x: 1279, y: 799 });
    expect(mapToDesktop({ x: 0.5, y: 0.5 }, single)).toEqual({ x: 640, y: 400 });
  });

  it('spans several monitors and keeps points out of the holes between them', () => {
    expect(boundingBox(dual)).toEqual({ x: 0, y: 0, width: 3200, height: 1080 });
    expect(mapToDesktop({ x: 0.75, y: 0.25 }, dual)).toEqual({ x: 2399, y: 270 });
    // Bottom right is below the smaller monitor: it goes to that monitor's bottom edge.
    expect(mapToDesktop({ x: 1, y: 1 }, dual)).toEqual({ x: 3199, y: 1023 });
  });

  it('always lands on some monitor', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (x, y) => {
        const p = mapToDesktop({ x, y }, dual);
        return dual.some((m) => p.x >= m.x && p.x < m.x + m.width && p.y >= m.y && p.y < m.y + m.height);
      }),
    );
  });
});
