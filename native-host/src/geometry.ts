import type { Point, Rect } from './platform/types.ts';

/** The smallest rectangle holding every monitor: what a whole-desktop capture shows the representative. */
export function boundingBox(monitors: readonly Rect[]): Rect {
  if (monitors.length === 0) throw new Error('no monitors');
  const left = Math.min(...monitors.map((m) => m.x));
  const top = Math.min(...monitors.map((m) => m.y));
  const right = Math.max(...monitors.map((m) => m.x + m.width));
  const bottom = Math.max(...monitors.map((m) => m.y + m.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * Maps a point of the shared view (0..1 on each axis, the whole desktop) to
 * desktop pixels. Monitors of different sizes leave holes in the bounding box
 * where no pointer can be; a point there goes to the nearest pixel of the
 * nearest monitor, so every input lands somewhere the customer can see.
 */
export function mapToDesktop(unit: Point, monitors: readonly Rect[]): Point {
  const box = boundingBox(monitors);
  const px = box.x + Math.round(clamp(unit.x, 0, 1) * (box.width - 1));
  const py = box.y + Math.round(clamp(unit.y, 0, 1) * (box.height - 1));
  let best: Point = { x: px, y: py };
  let bestDistance = Infinity;
  for (const m of monitors) {
    const cx = clamp(px, m.x, m.x + m.width - 1);
    const cy = clamp(py, m.y, m.y + m.height - 1);
    const d = (cx - px) ** 2 + (cy - py) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = { x: cx, y: cy };
    }
  }
  return best;
}
