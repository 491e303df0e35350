import { describe, expect, it } from 'vitest';
import { HelperWatch } from './helper-watch.ts';

const ALLOW = { serverUrl: 'http://localhost:8080', repName: 'Ada', watermark: true };

function setup() {
  let stored: typeof ALLOW | null = null;
  let uninstalls = 0;
  const timers: Array<() => void> = [];
  const watch = new HelperWatch({
    uninstall: async () => {
      uninstalls++;
    },
    save: async (held) => {
      stored = held;
    },
    load: async () => stored,
    graceMs: 5000,
    setTimer: (fn) => {
      timers.push(fn);
      return () => timers.splice(timers.indexOf(fn) >>> 0, 1);
    },
  });
  const graceEnds = async () => {
    timers.splice(0).forEach((fn) => fn());
    await new Promise((r) => setTimeout(r, 0));
  };
  return { watch, graceEnds, uninstalls: () => uninstalls, stored: () => stored, timers };
}

describe('HelperWatch (background worker)', () => {
  it('the chat page closed with a helper held: after the grace the helper is removed', async () => {
    const { watch, graceEnds, uninstalls, stored } = setup();
    const page = watch.opened();
    await watch.held(page, ALLOW);
    watch.closed(page);
    expect(uninstalls()).toBe(0);
    await graceEnds();
    expect(uninstalls()).toBe(1);
    expect(stored()).toBeNull();
  });

  it('a reload within the grace takes the helper over: nothing removed', async () => {
    const { watch, graceEnds, uninstalls, timers } = setup();
    const page = watch.opened();
    await watch.held(page, ALLOW);
    watch.closed(page);
    watch.opened();
    expect(timers).toHaveLength(0);
    expect(await watch.resume()).toEqual(ALLOW);
    await graceEnds();
    expect(uninstalls()).toBe(0);
  });

  it('nothing held (never elevated, or ended by the page itself): nothing to remove', async () => {
    const { watch, graceEnds, uninstalls } = setup();
    const page = watch.opened();
    await watch.held(page, ALLOW);
    await watch.released(page);
    watch.closed(page);
    await graceEnds();
    expect(uninstalls()).toBe(0);
    expect(await watch.resume()).toBeNull();
  });

  it('two chat pages: the second does not take over a helper the first still holds; it stays until the last page is gone', async () => {
    const { watch, graceEnds, uninstalls, timers } = setup();
    const first = watch.opened();
    const second = watch.opened();
    await watch.held(first, ALLOW);
    expect(await watch.resume()).toBeNull();
    await watch.released(second);
    watch.closed(first);
    expect(timers).toHaveLength(0);
    expect(await watch.resume()).toEqual(ALLOW);
    watch.closed(second);
    await graceEnds();
    expect(uninstalls()).toBe(1);
  });
});
