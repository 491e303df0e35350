import { Button, Key, keyboard, mouse, clipboard, Point as NutPoint } from '@nut-tree-fork/nut-js';
import type { KeyName, MouseButton } from '@rs/protocol';
import type { InputDriver, Point, Rect } from './types.ts';

/** US-layout punctuation: the base key, and whether Shift is held. nut's own `type` gets these wrong ('1' for '!'). */
const PUNCTUATION: Record<string, [Key, boolean]> = {
  ' ': [Key.Space, false], '-': [Key.Minus, false], '=': [Key.Equal, false], '[': [Key.LeftBracket, false], ']': [Key.RightBracket, false],
  '\\': [Key.Backslash, false], ';': [Key.Semicolon, false], "'": [Key.Quote, false], ',': [Key.Comma, false], '.': [Key.Period, false],
  '/': [Key.Slash, false], '`': [Key.Grave, false], '\n': [Key.Return, false], '\t': [Key.Tab, false],
  '!': [Key.Num1, true], '@': [Key.Num2, true], '#': [Key.Num3, true], $: [Key.Num4, true], '%': [Key.Num5, true], '^': [Key.Num6, true],
  '&': [Key.Num7, true], '*': [Key.Num8, true], '(': [Key.Num9, true], ')': [Key.Num0, true], _: [Key.Minus, true], '+': [Key.Equal, true],
  '{': [Key.LeftBracket, true], '}': [Key.RightBracket, true], '|': [Key.Backslash, true], ':': [Key.Semicolon, true], '"': [Key.Quote, true],
  '<': [Key.Comma, true], '>': [Key.Period, true], '?': [Key.Slash, true], '~': [Key.Grave, true],
};

/** The key (and Shift) that types `ch` on a US layout, or null when it must be pasted. */
export function keyFor(ch: string): [Key, boolean] | null {
  if (/^[a-z]$/.test(ch)) return [Key[ch.toUpperCase() as keyof typeof Key], false];
  if (/^[A-Z]$/.test(ch)) return [Key[ch as keyof typeof Key], true];
  if (/^[0-9]$/.test(ch)) return [Key[`Num${ch}` as keyof typeof Key], false];
  return PUNCTUATION[ch] ?? null;
}

/** Splits text into runs typed key by key and runs pasted through the clipboard (anything a US layout has no key for). */
export function planTyping(text: string): Array<{ kind: 'keys' | 'paste'; text: string }> {
  const runs: Array<{ kind: 'keys' | 'paste'; text: string }> = [];
  for (const ch of text) {
    const kind = keyFor(ch) ? 'keys' : 'paste';
    const last = runs.at(-1);
    if (last && last.kind === kind) last.text += ch;
    else runs.push({ kind, text: ch });
  }
  return runs;
}

/**
 * Input through nut.js (libnut). Works on each OS; `pasteModifier` is the
 * platform's paste chord key (Control, or Cmd on macOS). Non-ASCII text is
 * pasted, which replaces the customer's clipboard content. The monitor list
 * comes from the platform and is cached briefly, since moves are frequent.
 */
const BUTTONS: Record<MouseButton, Button> = { left: Button.LEFT, right: Button.RIGHT, middle: Button.MIDDLE };

export class NutInput implements InputDriver {
  readonly #monitors: () => Promise<Rect[]>;
  readonly #pasteModifier: Key;
  readonly #setClipboard: (text: string) => Promise<void>;
  #cached: { at: number; value: Rect[] } | null = null;

  constructor(
    monitors: () => Promise<Rect[]>,
    options: { pasteModifier?: Key; setClipboard?: (text: string) => Promise<void> } = {},
  ) {
    this.#monitors = monitors;
    this.#pasteModifier = options.pasteModifier ?? Key.LeftControl;
    this.#setClipboard = options.setClipboard ?? ((text) => clipboard.setContent(text));
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
    await this.#chord(keys.map((k) => Key[k]));
  }
  async type(text: string): Promise<void> {
    for (const run of planTyping(text)) {
      if (run.kind === 'keys') {
        for (const ch of run.text) {
          const [key, shift] = keyFor(ch)!;
          await this.#chord(shift ? [Key.LeftShift, key] : [key]);
        }
      } else {
        await this.#setClipboard(run.text);
        await this.#chord([this.#pasteModifier, Key.V]);
      }
    }
  }
  /** nut treats the last key as the key and the others as its modifiers, on press and on release alike: same order both times. */
  async #chord(keys: Key[]): Promise<void> {
    await keyboard.pressKey(...keys);
    await keyboard.releaseKey(...keys);
  }
}

/** The primary screen as nut sees it: the monitor list where the platform has no richer source. */
export async function nutMonitors(): Promise<Rect[]> {
  const { screen } = await import('@nut-tree-fork/nut-js');
  return [{ x: 0, y: 0, width: await screen.width(), height: await screen.height() }];
}
