import type { KeyName, MouseButton } from '@rs/protocol';

/** A monitor, or any rectangle, in desktop pixels. */
export type Rect = { x: number; y: number; width: number; height: number };
export type Point = { x: number; y: number };

/** Injects input into the customer's desktop. One implementation per backend, plus a fake. */
export interface InputDriver {
  /** The monitors, in desktop pixels (several when the desktop spans several screens). */
  monitors(): Promise<Rect[]>;
  position(): Promise<Point>;
  move(to: Point): Promise<void>;
  click(button: MouseButton): Promise<void>;
  doubleClick(): Promise<void>;
  /** Whole wheel steps; positive is down / right. */
  wheel(dx: number, dy: number): Promise<void>;
  /** Presses the keys together (modifiers first) and releases them in reverse. */
  keys(keys: readonly KeyName[]): Promise<void>;
  /** Types any Unicode text. */
  type(text: string): Promise<void>;
}

/**
 * Reports the customer's own key presses (not the host's) while it watches,
 * so their keyboard wins like their mouse does. Linux (X11) has one; Windows
 * and macOS have none yet (their pointer check still applies).
 */
export interface KeyboardWatch {
  start(onLocal: () => void): void;
  stop(): void;
  /** Runs the host's own key injection, so its keys are not taken for the customer's. */
  injecting<T>(work: () => Promise<T>): Promise<T>;
}

/** The on-screen notice that a representative is connected: on top, click-through, on every monitor. */
export interface Watermark {
  /** `text`: the notice in the customer's language (see `noticeText`). */
  show(repName: string, text?: string): Promise<void>;
  hide(): Promise<void>;
  /** Hides and releases what it holds; idempotent. */
  close(): Promise<void>;
}

/** Removes what the installer wrote (manifests and files). */
export interface Uninstaller {
  uninstall(): Promise<string[]>;
}

/** Everything the handlers may touch, chosen once in the composition root. */
export type Platform = {
  input: InputDriver;
  keyboardWatch?: KeyboardWatch;
  watermark: Watermark;
  uninstaller: Uninstaller;
  /** Resolves once input, keyboard watch and watermark are loaded (they may load on first use); rejects if they cannot. */
  ready?(): Promise<void>;
};
