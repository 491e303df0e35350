import type { Rgba } from './png.ts';

/** A shape in unit space (0..1 on both axes, y down): is the point inside? */
type Inside = (x: number, y: number) => boolean;
type Color = readonly [number, number, number, number];
/** Painted bottom to top: the last layer that contains a point gives its colour. */
type Layer = readonly [Inside, Color];

const roundRect = (x0: number, y0: number, x1: number, y1: number, r: number): Inside => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return dx * dx + dy * dy <= r * r;
};
const circle = (cx: number, cy: number, r: number): Inside => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const triangle = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): Inside => (x, y) => {
  const side = (px: number, py: number, qx: number, qy: number) => (qx - px) * (y - py) - (qy - py) * (x - px);
  const s1 = side(ax, ay, bx, by);
  const s2 = side(bx, by, cx, cy);
  const s3 = side(cx, cy, ax, ay);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
};
/** The upper half of a ring (a headband). */
const upperArc = (cx: number, cy: number, inner: number, outer: number): Inside => (x, y) => {
  const d = (x - cx) ** 2 + (y - cy) ** 2;
  return y <= cy && d >= inner * inner && d <= outer * outer;
};
/** A line with round ends. */
const stroke = (ax: number, ay: number, bx: number, by: number, halfWidth: number): Inside => (x, y) => {
  const vx = bx - ax;
  const vy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * vx + (y - ay) * vy) / (vx * vx + vy * vy)));
  return (x - ax - t * vx) ** 2 + (y - ay - t * vy) ** 2 <= halfWidth * halfWidth;
};
const union = (...parts: Inside[]): Inside => (x, y) => parts.some((p) => p(x, y));

const BLUE: Color = [37, 99, 235, 255];
const TEAL: Color = [15, 118, 110, 255];
const WHITE: Color = [255, 255, 255, 255];

/** The customer client: a blue chat bubble with three dots (someone is typing to you). */
export const CUSTOMER_ICON: Layer[] = [
  [union(roundRect(0.04, 0.1, 0.96, 0.74, 0.2), triangle(0.2, 0.66, 0.46, 0.66, 0.12, 0.94)), BLUE],
  [union(circle(0.28, 0.42, 0.08), circle(0.5, 0.42, 0.08), circle(0.72, 0.42, 0.08)), WHITE],
];

/** The representative console: a white headset on a teal tile. */
export const CONSOLE_ICON: Layer[] = [
  [roundRect(0.02, 0.02, 0.98, 0.98, 0.22), TEAL],
  [
    union(
      upperArc(0.5, 0.54, 0.26, 0.33),
      roundRect(0.14, 0.46, 0.32, 0.76, 0.07),
      roundRect(0.68, 0.46, 0.86, 0.76, 0.07),
      stroke(0.77, 0.74, 0.6, 0.84, 0.035),
      circle(0.54, 0.84, 0.07),
    ),
    WHITE,
  ],
];

/**
 * Rasterises layers at `size` px with 8x8 supersampling per pixel, so edges
 * are anti-aliased at 16 px as at 128 px. Pure arithmetic: the same layers
 * always give the same pixels.
 */
export function render(layers: readonly Layer[], size: number): Rgba {
  const n = 8;
  const data = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) / size;
          const y = (py + (sy + 0.5) / n) / size;
          for (let i = layers.length - 1; i >= 0; i--) {
            const [inside, color] = layers[i]!;
            if (!inside(x, y)) continue;
            const alpha = color[3] / 255;
            r += color[0] * alpha;
            g += color[1] * alpha;
            b += color[2] * alpha;
            a += alpha;
            break;
          }
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        data[o] = Math.round(r / a);
        data[o + 1] = Math.round(g / a);
        data[o + 2] = Math.round(b / a);
      }
      data[o + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return { width: size, height: size, data };
}

export const ICON_SIZES = [16, 32, 48, 128] as const;
export const ICONS = { customer: CUSTOMER_ICON, console: CONSOLE_ICON } as const;
