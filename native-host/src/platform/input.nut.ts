import { Button, Key, keyboard, mouse, clipboard, Point as NutPoint } from '@nut-tree-fork/nut-js';
import type { KeyName, MouseButton } from '@rs/protocol';
import type { InputDriver, Point, Rect } from './types.ts';

/** US-layout characters that nut's `type` gets wrong (it types '1' for '!'): typed as Shift + the base key. */
const SHIFTED: Record<string, Key> = {
  '!': Key.Num1, '@': Key.Num2, '#': Key.Num3, $: Key.Num4, '%': Key.Num5, '^': Key.Num6, '&': Key.Num7, '*': Key.Num8,
  '(': Key.Num9, ')': Key.Num0, _: Key.Minus, '+': Key.Equal, '{': Key.LeftBracket, '}': Key.RightBracket, '|': Key.Backslash,
  ':': Key.Semicolon, '"': Key.Quote, '<': Key.Comma, '>': Key.Period, '?': Key.Slash, '~': Key.Grave,
};
const BUTTONS: Record<MouseButton, Button> = { left: Button.LEFT, right: Button.RIGHT, middle: Button.MIDDLE };

/** Splits text into runs nut can type directly, shifted symbols, and non-ASCII (pasted). */
export function planTyping(text: string): Array<{ kind: 'plain' | 'shifted' | 'paste'; text: string }> {
  const runs: Array<{ kind: 'plain' | 'shifted' | 'paste'; text: string }> = [];
  for (const ch of text) {
    const kind = ch in SHIFTED ? 'shifted' : /^[\x20-\x7e\n\t]$/.test(ch) ? 'plain' : 'paste';
    const last = runs.at(-1);
    if (last && last.kind === kind) last.text += ch;
    else runs.push({ kind, text: ch });
  }
  return runs;
}

/**
 * Input through nut.js (libnut). Works on each OS; `pasteModifier` is the
 * platform's paste chord key (Control, or Cmd on macOS). The monitor list
 * comes from the platform and is cached briefly, since moves are frequent.
 */
export class NutInput implements InputDriver {
  readonly #monitors: () => Promise<Rect[]>;
  readonly #pasteModifier: Key;
  #cached: { at: number; value: Rect[] } | null = null;

  constructor(monitors: () => Promise<Rect[]>, pasteModifier: Key = Key.LeftControl) {
    this.#monitors = monitors;
    this.#pasteModifier = pasteModifier;
    mouse.config.autoDelayMs = 0;
    keyboard.config.autoDelayMs = 0;
  }

  async monitors(): Promise<Rect[]> {
    const now = Date.now();
    if (!this.#cached || now - this.#cached.at > 2000) this.#cached = { at: now, value: await this.#monitors() };
    return this.#cached.value;
  }
  async position(): Promise<Point> {
    const p = await mouse.getPosition();
    return { x: p.x, y: p.y };
  }
  async move(to: Point): Promise<void> {
    await mouse.setPosition(new NutPoint(to.x, to.y));
  }
  async click(button: MouseButton): Promise<void> {
    await mouse.click(BUTTONS[button]);
  }
  async doubleClick(): Promise<void> {
    await mouse.doubleClick(Button.LEFT);
  }
  async wheel(dx: number, dy: number): Promise<void> {
    if (dy > 0) await mouse.scrollDown(dy);
    if (dy < 0) await mouse.scrollUp(-dy);
    if (dx > 0) await mouse.scrollRight(dx);
    if (dx < 0) await mouse.scrollLeft(-dx);
  }
  async keys(keys: readonly KeyName[]): Promise<void> {
    const nutKeys = keys.map((k) => Key[k]);
    await keyboard.pressKey(...nutKeys);
    await keyboard.releaseKey(...nutKeys.reverse());
  }
  async type(text: string): Promise<void> {
    for (const run of planTyping(text)) {
      if (run.kind === 'plain') {
        await keyboard.type(run.text);
      } else if (run.kind === 'shifted') {
        for (const ch of run.text) {
          const key = SHIFTED[ch]!;
          await keyboard.pressKey(Key.LeftShift, key);
          await keyboard.releaseKey(key, Key.LeftShift);
        }
      } else {
        await clipboard.setContent(run.text);
        await keyboard.pressKey(this.#pasteModifier, Key.V);
        await keyboard.releaseKey(Key.V, this.#pasteModifier);
      }
    }
  }
}
