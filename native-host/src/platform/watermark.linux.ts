import { textRectangles, textWidth, GLYPH_HEIGHT } from './font.ts';
import { watermarkText } from './watermark-process.ts';
import { queryMonitors, shapeExtension, type X11 } from './x11-client.ts';
import type { Rect, Watermark } from './types.ts';

/** The watermark's colour (0xRRGGBB); tests look for it on screen. */
export const WATERMARK_PIXEL = 0xd9480f;
const RAISE_EVERY_MS = 250;

export { watermarkText };

/** Where the text goes on one monitor, and at what scale: about half the monitor's width, centred. */
export function watermarkLayout(monitor: Rect, text: string): Rect & { scale: number } {
  const scale = Math.max(2, Math.min(8, Math.floor((monitor.width * 0.5) / textWidth(text, 1))));
  const width = textWidth(text, scale);
  const height = GLYPH_HEIGHT * scale;
  return {
    x: monitor.x + Math.max(0, Math.floor((monitor.width - width) / 2)),
    y: monitor.y + Math.floor(monitor.height * 0.45),
    width: Math.min(width, monitor.width),
    height,
    scale,
  };
}

/**
 * X11 watermark: one override-redirect window per monitor (the window manager
 * never sees it), shaped to the glyphs so only the letters cover the screen,
 * with an empty input shape so every click goes to the window below, raised
 * every 250 ms so other windows cannot cover it. Where a compositor runs,
 * `_NET_WM_WINDOW_OPACITY` makes the letters translucent too.
 */
export class X11Watermark implements Watermark {
  readonly #x: X11;
  #windows: number[] = [];
  #timer: NodeJS.Timeout | null = null;

  constructor(x: X11) {
    this.#x = x;
  }

  async show(repName: string): Promise<void> {
    await this.hide();
    const X = this.#x.client;
    const shape = await shapeExtension(this.#x);
    const text = watermarkText(repName);
    const opacity = await this.#atom('_NET_WM_WINDOW_OPACITY');
    for (const monitor of await queryMonitors(this.#x)) {
      const box = watermarkLayout(monitor, text);
      const wid = X.AllocID();
      X.CreateWindow(wid, this.#x.root, box.x, box.y, box.width, box.height, 0, 0, 0, 0, {
        overrideRedirect: true,
        backgroundPixel: WATERMARK_PIXEL,
      });
      X.ChangeProperty(0, wid, X.atoms.WM_NAME, X.atoms.STRING, 8, 'Remote support watermark');
      if (opacity) X.ChangeProperty(0, wid, opacity, X.atoms.CARDINAL, 32, [Math.floor(0xffffffff * 0.6)]);
      shape.Rectangles(shape.Op.Set, shape.Kind.Bounding, wid, 0, 0, textRectangles(text, box.scale));
      shape.Rectangles(shape.Op.Set, shape.Kind.Input, wid, 0, 0, []);
      X.MapWindow(wid);
      X.RaiseWindow(wid);
      this.#windows.push(wid);
    }
    await this.#sync();
    this.#timer = setInterval(() => {
      for (const wid of this.#windows) X.RaiseWindow(wid);
    }, RAISE_EVERY_MS);
    this.#timer.unref();
  }

  async hide(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    if (this.#windows.length === 0) return;
    for (const wid of this.#windows) this.#x.client.DestroyWindow(wid);
    this.#windows = [];
    await this.#sync();
  }

  async close(): Promise<void> {
    await this.hide();
  }

  #atom(name: string): Promise<number | null> {
    return new Promise((resolve) => this.#x.client.InternAtom(false, name, (err: unknown, atom: number) => resolve(err ? null : atom)));
  }

  /** A round trip, so every request before it has been processed by the server. */
  #sync(): Promise<void> {
    return new Promise((resolve) => this.#x.client.GetInputFocus(() => resolve()));
  }
}
