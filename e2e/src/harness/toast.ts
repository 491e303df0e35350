import { execFileSync } from 'node:child_process';

export interface ScreenRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const MESSAGE_CENTER_WIDTH = 360;

/**
 * Chromium's on-screen notification popups (its message center, used on Linux
 * when no desktop notification service runs): unnamed top-level X windows,
 * 360 px wide, in the bottom right corner of the screen. Only mapped ones.
 */
export function notificationToasts(): ScreenRect[] {
  const tree = execFileSync('xwininfo', ['-root', '-children'], { encoding: 'utf8' });
  const toasts: ScreenRect[] = [];
  for (const line of tree.split('\n')) {
    const match = /^\s+(0x[0-9a-f]+) \(has no name\): \(\)\s+(\d+)x(\d+)\+(-?\d+)\+(-?\d+)/.exec(line);
    if (!match || Number(match[2]) !== MESSAGE_CENTER_WIDTH) continue;
    const info = execFileSync('xwininfo', ['-id', match[1]!], { encoding: 'utf8' });
    if (!info.includes('Map State: IsViewable')) continue;
    toasts.push({ width: Number(match[2]), height: Number(match[3]), x: Number(match[4]), y: Number(match[5]) });
  }
  return toasts;
}

/** A real pointer click on the screen (the X server's own input, as a person's mouse). */
export function clickScreen(x: number, y: number): void {
  execFileSync('xdotool', ['mousemove', '--sync', String(Math.round(x)), String(Math.round(y)), 'click', '1']);
}
