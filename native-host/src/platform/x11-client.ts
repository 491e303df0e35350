import x11 from 'x11';
import type { Rect } from './types.ts';

/** A connected X11 client (the `x11` package, pure JS) with the first screen's root. */
export type X11 = {
  // The package is untyped; these wrappers are the only place that touches it.
  client: any;
  root: number;
  width: number;
  height: number;
  close(): void;
};

/**
 * Connects to the X server in DISPLAY. Also the host's guard against nut.js,
 * whose first call segfaults the process when there is no display: the
 * composition root calls this first and fails with a clear error instead.
 */
export function connectX11(display = process.env.DISPLAY, timeoutMs = 3000): Promise<X11> {
  return new Promise((resolve, reject) => {
    if (!display) {
      reject(new Error('no X display: DISPLAY is not set'));
      return;
    }
    const timer = setTimeout(() => reject(new Error(`X display ${display} did not answer`)), timeoutMs);
    const client = x11.createClient({ display }, (err: Error | null, dpy: any) => {
      clearTimeout(timer);
      if (err) {
        reject(new Error(`cannot open X display ${display}: ${err.message}`));
        return;
      }
      const screen = dpy.screen[0];
      resolve({
        client: dpy.client,
        root: screen.root,
        width: screen.pixel_width,
        height: screen.pixel_height,
        close: () => dpy.client.terminate(),
      });
    });
    client.on('error', (err: Error) => {
      clearTimeout(timer);
      reject(new Error(`X display ${display}: ${err.message}`));
    });
  });
}

function requireExtension(x: X11, name: string): Promise<any> {
  return new Promise((resolve, reject) => {
    x.client.require(name, (err: Error | null, ext: any) => (err ? reject(err) : resolve(ext)));
  });
}

export const shapeExtension = (x: X11): Promise<any> => requireExtension(x, 'shape');

/** The monitors (Xinerama), or the whole root window when there is no Xinerama or it is off. */
export async function queryMonitors(x: X11): Promise<Rect[]> {
  try {
    const xin = await requireExtension(x, 'xinerama');
    const active = await new Promise<boolean>((resolve) => xin.IsActive((_e: unknown, on: number) => resolve(Boolean(on))));
    if (active) {
      const screens = await new Promise<Rect[]>((resolve, reject) =>
        xin.QueryScreens((e: Error | null, s: Rect[]) => (e ? reject(e) : resolve(s))),
      );
      if (screens.length > 0) return screens;
    }
  } catch {
    // No Xinerama: one screen, the root window.
  }
  return [{ x: 0, y: 0, width: x.width, height: x.height }];
}

/** Reads a rectangle of the root window as 32-bit pixels 0xRRGGBB (ZPixmap, depth 24). */
export function grabRoot(x: X11, rect: Rect): Promise<Uint32Array> {
  return new Promise((resolve, reject) => {
    x.client.GetImage(2, x.root, rect.x, rect.y, rect.width, rect.height, 0xffffffff, (err: Error | null, img: any) => {
      if (err) return reject(err);
      const data: Buffer = img.data;
      const out = new Uint32Array(rect.width * rect.height);
      for (let i = 0; i < out.length; i++) out[i] = data.readUInt32LE(i * 4) & 0xffffff;
      resolve(out);
    });
  });
}
