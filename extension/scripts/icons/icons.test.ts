import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { iconPath } from '../make-icons.ts';
import { ICON_SIZES, ICONS, render } from './draw.ts';
import { decodePng, encodePng } from './png.ts';

const APPS = Object.keys(ICONS) as (keyof typeof ICONS)[];

/** Share of pixels that are mostly opaque, and the average colour of those. */
function summary(data: Uint8Array): { opaque: number; rgb: number[] } {
  let opaque = 0;
  const rgb = [0, 0, 0];
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3]! < 200) continue;
    opaque++;
    for (let c = 0; c < 3; c++) rgb[c]! += data[i + c]!;
  }
  return { opaque: opaque / (data.length / 4), rgb: rgb.map((v) => Math.round(v / Math.max(opaque, 1))) };
}

describe('extension icons', () => {
  it.each(APPS.flatMap((app) => ICON_SIZES.map((size) => [app, size] as const)))('%s %i px: the committed PNG decodes at its size and matches a fresh render', (app, size) => {
    const bytes = readFileSync(iconPath(app, size));
    const image = decodePng(bytes);
    expect([image.width, image.height]).toEqual([size, size]);
    const { opaque } = summary(image.data);
    expect(opaque).toBeGreaterThan(0.3);
    expect(opaque).toBeLessThan(1);
    expect(Buffer.compare(bytes, encodePng(render(ICONS[app], size)))).toBe(0);
  });

  it('the customer client and the console look different (blue bubble vs teal tile)', () => {
    const customer = summary(decodePng(readFileSync(iconPath('customer', 48))).data);
    const console = summary(decodePng(readFileSync(iconPath('console', 48))).data);
    expect(customer.rgb[2]!).toBeGreaterThan(customer.rgb[1]! + 40);
    expect(console.rgb[1]!).toBeGreaterThan(console.rgb[0]! + 40);
    expect(console.opaque).toBeGreaterThan(customer.opaque);
  });

  it('the PNG codec round-trips pixels and rejects damaged files', () => {
    const image = render(ICONS.customer, 16);
    const bytes = encodePng(image);
    expect(decodePng(bytes)).toEqual(image);
    const damaged = Buffer.from(bytes);
    damaged[40] = damaged[40]! ^ 0xff;
    expect(() => decodePng(damaged)).toThrow(/CRC|PNG/);
    expect(() => decodePng(Buffer.from('not a png'))).toThrow('not a PNG');
  });
});
