import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ICON_SIZES, ICONS, render } from './icons/draw.ts';
import { encodePng } from './icons/png.ts';

/**
 * Writes the two extensions' icons, `public/<app>/icon/<size>.png`, from the
 * drawings in `icons/draw.ts`. Run it after changing a drawing and commit the
 * PNGs: `npm run icons --workspace extension`. The unit test fails when the
 * committed files differ from a fresh render.
 */
export function iconPath(app: keyof typeof ICONS, size: number): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'public', app, 'icon', `${size}.png`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const app of Object.keys(ICONS) as (keyof typeof ICONS)[]) {
    for (const size of ICON_SIZES) {
      const file = iconPath(app, size);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, encodePng(render(ICONS[app], size)));
      console.log(file);
    }
  }
}
