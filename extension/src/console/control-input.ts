import type { ControlInput, KeyName } from '@rs/protocol';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Where a point of the page falls in the customer's frame, 0..1 on each axis,
 * for a <video> drawn with `object-fit: contain`: the frame is scaled to fit
 * and centred, so bars (letterbox or pillarbox) may surround it. A point on a
 * bar is outside the customer's screen: null.
 */
export function videoPoint(clientX: number, clientY: number, box: Box, frame: { width: number; height: number }): { x: number; y: number } | null {
  if (frame.width <= 0 || frame.height <= 0 || box.width <= 0 || box.height <= 0) return null;
  const scale = Math.min(box.width / frame.width, box.height / frame.height);
  const shownWidth = frame.width * scale;
  const shownHeight = frame.height * scale;
  const x = (clientX - box.left - (box.width - shownWidth) / 2) / shownWidth;
  const y = (clientY - box.top - (box.height - shownHeight) / 2) / shownHeight;
  if (x < 0 || x > 1 || y < 0 || y > 1) return null;
  return { x, y };
}

/**
 * The pointer event to follow: `pointerrawupdate` where the browser has it
 * (Chromium, secure contexts: dispatched as input arrives, not held for the
 * next frame as `pointermove` is), `pointermove` elsewhere.
 */
export const moveEventName = (target: object): 'pointerrawupdate' | 'pointermove' => ('onpointerrawupdate' in target ? 'pointerrawupdate' : 'pointermove');

interface PointLike {
  clientX: number;
  clientY: number;
}
/**
 * The newest position an event carries: the last of its coalesced events when
 * there are any. Only that one is sent; the positions the pointer passed
 * through are already stale and would only queue behind each other.
 */
export function latestPosition(e: PointLike & { getCoalescedEvents?: () => PointLike[] }): PointLike {
  const coalesced = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
  return coalesced.at(-1) ?? e;
}

const NAMED: Record<string, KeyName> = {
  Enter: 'Return', Escape: 'Escape', Tab: 'Tab', Backspace: 'Backspace', Delete: 'Delete', ' ': 'Space', Insert: 'Insert',
  Home: 'Home', End: 'End', PageUp: 'PageUp', PageDown: 'PageDown',
  ArrowLeft: 'Left', ArrowRight: 'Right', ArrowUp: 'Up', ArrowDown: 'Down',
  F1: 'F1', F2: 'F2', F3: 'F3', F4: 'F4', F5: 'F5', F6: 'F6', F7: 'F7', F8: 'F8', F9: 'F9', F10: 'F10', F11: 'F11', F12: 'F12',
};
const MODIFIER_KEYS = new Set(['Control', 'Shift', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'OS']);

export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

/**
 * A keydown in the console as the input for the customer's computer: a
 * printable character without Ctrl/Alt/Meta is typed as text (so any layout
 * and any Unicode arrive as written); anything else is a key press with its
 * modifiers held (Ctrl+A, Shift+Tab, arrows, F-keys). Modifiers alone, and
 * keys the host does not know, give null.
 */
export function keyInput(e: KeyLike): ControlInput | null {
  if (MODIFIER_KEYS.has(e.key)) return null;
  const chord = e.ctrlKey || e.altKey || e.metaKey;
  if (!chord && [...e.key].length === 1 && e.key !== ' ') return { type: 'key.type', text: e.key };
  let name: KeyName | undefined = NAMED[e.key];
  if (!name && /^Key[A-Z]$/.test(e.code)) name = e.code.slice(3) as KeyName;
  if (!name && /^Digit[0-9]$/.test(e.code)) name = `Num${e.code.slice(5)}` as KeyName;
  if (!name) return null;
  const keys: KeyName[] = [];
  if (e.ctrlKey) keys.push('LeftControl');
  if (e.altKey) keys.push('LeftAlt');
  if (e.metaKey) keys.push('LeftSuper');
  if (e.shiftKey) keys.push('LeftShift');
  // The host takes up to four keys: three modifiers and the key.
  return { type: 'key.press', keys: [...keys.slice(0, 3), name] };
}

/** Wheel deltas (pixels, lines or pages) as whole steps, at least one per event, bounded. */
export function wheelSteps(deltaX: number, deltaY: number, deltaMode: number): { dx: number; dy: number } {
  const perStep = deltaMode === 0 ? 100 : deltaMode === 1 ? 3 : 0.3;
  const steps = (d: number) => (d === 0 ? 0 : Math.sign(d) * Math.min(50, Math.max(1, Math.round(Math.abs(d) / perStep))));
  return { dx: steps(deltaX), dy: steps(deltaY) };
}

const BUTTONS = { 0: 'left', 1: 'middle', 2: 'right' } as const;
/** A DOM mouse button as the host's. */
export const mouseButton = (button: number) => BUTTONS[button as 0 | 1 | 2] ?? null;
