/** How long after the host's own key injection a newly pressed key still counts as the host's. */
export const INJECTION_GRACE_MS = 150;

/** The keycodes set in an X11-style keymap: 32 bytes, one bit per keycode. */
export function keysDown(keymap: Uint8Array): Set<number> {
  const down = new Set<number>();
  for (let byte = 0; byte < keymap.length; byte++) {
    const bits = keymap[byte]!;
    if (bits === 0) continue;
    for (let bit = 0; bit < 8; bit++) if (bits & (1 << bit)) down.add(byte * 8 + bit);
  }
  return down;
}

/**
 * Tells the customer's own key presses from the host's, from successive
 * snapshots of which keys are down. Injected keys look like any other key to
 * the X server (XTEST), so the host brackets its own injection: a key that
 * goes down inside that window (or shortly after it) is the host's; a key
 * that goes down outside it is the customer's. Keys already down at the first
 * snapshot are not news. A customer key pressed while the host is typing is
 * missed; the next one is not.
 */
export class KeymapTracker {
  readonly #graceMs: number;
  #down: Set<number> | null = null;
  #injecting = 0;
  #quietUntil = 0;

  constructor(graceMs = INJECTION_GRACE_MS) {
    this.#graceMs = graceMs;
  }

  begin(): void {
    this.#injecting++;
  }

  end(now: number): void {
    this.#injecting = Math.max(0, this.#injecting - 1);
    this.#quietUntil = now + this.#graceMs;
  }

  /** Forgets the last snapshot (the next one is a new baseline). */
  reset(): void {
    this.#down = null;
  }

  /** Takes a snapshot; true when a key went down that the host did not press. */
  observe(keymap: Uint8Array, now: number): boolean {
    const down = keysDown(keymap);
    const before = this.#down;
    this.#down = down;
    if (!before || this.#injecting > 0 || now < this.#quietUntil) return false;
    for (const key of down) if (!before.has(key)) return true;
    return false;
  }
}
