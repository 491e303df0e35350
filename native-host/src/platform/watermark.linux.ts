import type { Font } from 'opentype.js';
import { textRectangles, textWidth, GLYPH_HEIGHT } from './font.ts';
import { advancePerPixel, loadOutlineFont, outlineText, type PixelRect } from './outline-font.ts';
import { noticeText, watermarkText } from './watermark-process.ts';
import { queryMonitors, shapeExtension, type X11 } from './x11-client.ts';
import type { Rect, Watermark } from './types.ts';

/** The watermark's colour (0xRRGGBB); tests look for it on screen. */
export const WATERMARK_PIXEL = 0xd9480f;
const RAISE_EVERY_MS = 250;

export { watermarkText };

/**
 * Where the text goes on one monitor, and its lit pixels: about half the
 * monitor's width, centred. With an outline font (DejaVu Sans) any name in
 * Latin, Greek, Cyrillic and many more scripts is drawn; without one, the
 * built-in bitmap font draws ASCII and `?` for the rest.
 */
export function watermarkLayout(monitor: Rect, text: string, font: Font | null = null): Rect & { rects: PixelRect[] } {
  const place = (width: number, height: number, rects: PixelRect[]) => ({
    x: monitor.x + Math.max(0, Math.floor((monitor.width - width) / 2)),
    y: monitor.y + Math.floor(monitor.height * 0.45),
    width: Math.min(width, monitor.width),
    height,
    rects,
  });
  if (font) {
    const pixels = Math.max(16, Math.min(96, Math.floor((monitor.width * 0.5) / Math.max(1e-6, advancePerPixel(font, text)))));
    const shaped = outlineText(font, text, pixels);
    return place(shaped.width, shaped.height, shaped.rects);
  }
  const scale = Math.max(2, Math.min(8, Math.floor((monitor.width * 0.5) / textWidth(text, 1))));
  return place(textWidth(text, scale), GLYPH_HEIGHT * scale, textRectangles(text, scale));
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
  readonly #fontDirs: readonly string[];
  #font: Font | null | undefined;

  /** `fontDirs`: where to look for DejaVu Sans before the system's folders (the helper's install folder). */
  constructor(x: X11, options: { fontDirs?: readonly string[] } = {}) {
    this.#x = x;
    this.#fontDirs = options.fontDirs ?? [];
  }

  async show(repName: string, notice?: string): Promise<void> {
    await this.hide();
    const X = this.#x.client;
    const shape = await shapeExtension(this.#x);
    const text = noticeText(repName, notice);
    const opacity = await this.#atom('_NET_WM_WINDOW_OPACITY');
    // Read once, on the first show: the font is parsed only when a watermark is wanted.
    if (this.#font === undefined) this.#font = loadOutlineFont(this.#fontDirs);
    for (const monitor of await queryMonitors(this.#x)) {
      const box = watermarkLayout(monitor, text, this.#font);
      const wid = X.AllocID();
      X.CreateWindow(wid, this.#x.root, box.x, box.y, box.width, box.height, 0, 0, 0, 0, {
        overrideRedirect: true,
        backgroundPixel: WATERMARK_PIXEL,
      });
      X.ChangeProperty(0, wid, X.atoms.WM_NAME, X.atoms.STRING, 8, 'Remote support watermark');
      if (opacity) X.ChangeProperty(0, wid, opacity, X.atoms.CARDINAL, 32, [Math.floor(0xffffffff * 0.6)]);
      shape.Rectangles(shape.Op.Set, shape.Kind.Bounding, wid, 0, 0, box.rects);
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
