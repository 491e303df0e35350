import { describe, expect, it } from 'vitest';
import { ControlGate } from './control.ts';
import { FakeInput } from './platform/input.fake.ts';
import { FakeKeyboardWatch } from './platform/keyboard-watch.fake.ts';

function setup(now = { t: 0 }) {
  const input = new FakeInput();
  const keyboard = new FakeKeyboardWatch();
  let localInputs = 0;
  const gate = new ControlGate({ input, keyboard, holdOffMs: 1000, now: () => now.t, onLocalInput: () => localInputs++ });
  return { input, keyboard, gate, now, localInputs: () => localInputs };
}

describe('ControlGate', () => {
  it('drops everything until control is granted, and again after revoke', async () => {
    const { input, gate } = setup();
    expect(gate.submit({ type: 'pointer.click', x: 0.5, y: 0.5, button: 'left' })).toBe(false);
    gate.grant();
    expect(gate.submit({ type: 'key.type', text: 'hi' })).toBe(true);
    gate.revoke();
    expect(gate.submit({ type: 'key.type', text: 'later' })).toBe(false);
    await gate.idle();
    // Queued before the revoke, but the grant is checked when the work runs.
    expect(input.events).toEqual([]);
  });

  it('coalesces a burst of moves into the latest, keeping order with clicks', async () => {
    const { input, gate } = setup();
    gate.grant();
    for (let i = 0; i <= 100; i++) gate.submit({ type: 'pointer.move', x: i / 100, y: 0 });
    gate.submit({ type: 'pointer.click', x: 0.5, y: 0.5, button: 'right' });
    gate.submit({ type: 'pointer.move', x: 0, y: 1 });
    await gate.idle();
    expect(input.events).toEqual(['move 999,0', 'move 500,250', 'click right', 'move 0,499']);
    expect(gate.movesApplied).toBe(2);
  });

  it("pauses for the hold-off when the customer's own mouse moves", async () => {
    const { input, gate, now, localInputs } = setup();
    gate.grant();
    gate.submit({ type: 'pointer.move', x: 0.1, y: 0.1 });
    await gate.idle();
    input.customerMoves({ x: 700, y: 300 });
    gate.submit({ type: 'pointer.click', x: 0.2, y: 0.2, button: 'left' });
    await gate.idle();
    expect(localInputs()).toBe(1);
    now.t = 500;
    gate.submit({ type: 'key.type', text: 'still held' });
    await gate.idle();
    now.t = 1200;
    gate.submit({ type: 'key.type', text: 'resumed' });
    await gate.idle();
    expect(input.events).toEqual(['move 100,50', 'type resumed']);
  });

  it("pauses for the hold-off when the customer's own keyboard is used, and watches only while granted", async () => {
    const { input, keyboard, gate, now, localInputs } = setup();
    expect(keyboard.watching).toBe(false);
    gate.grant();
    expect(keyboard.watching).toBe(true);
    gate.submit({ type: 'key.type', text: 'ours' });
    await gate.idle();
    expect(keyboard.bracketed).toBe(1);
    keyboard.customerPresses();
    expect(localInputs()).toBe(1);
    now.t = 100;
    keyboard.customerPresses();
    // One notice for a burst of keys; the hold-off still runs from the latest key.
    expect(localInputs()).toBe(1);
    now.t = 1000;
    gate.submit({ type: 'key.press', keys: ['Return'] });
    gate.submit({ type: 'pointer.move', x: 1, y: 1 });
    await gate.idle();
    now.t = 1101;
    gate.submit({ type: 'key.press', keys: ['Return'] });
    await gate.idle();
    expect(input.events).toEqual(['type ours', 'keys Return']);
    gate.revoke();
    expect(keyboard.watching).toBe(false);
  });
});

describe('ControlGate drift checks', () => {
  /** Counts the position queries, and holds the timers the gate arms so the test fires them. */
  class CountingInput extends FakeInput {
    queries = 0;
    override async position() {
      this.queries++;
      return super.position();
    }
  }
  function counted() {
    const now = { t: 0 };
    const input = new CountingInput();
    const timers: Array<() => void> = [];
    let localInputs = 0;
    const gate = new ControlGate({
      input,
      holdOffMs: 1000,
      now: () => now.t,
      onLocalInput: () => localInputs++,
      setTimer: (fn) => {
        timers.push(fn);
        return () => {};
      },
    });
    const fire = () => timers.splice(0).forEach((fn) => fn());
    return { input, gate, now, fire, timers, localInputs: () => localInputs };
  }

  it('a stream of moves is injected without asking where the pointer is before each one', async () => {
    const { input, gate, now } = counted();
    gate.grant();
    for (let i = 1; i <= 20; i++) {
      now.t = i * 5;
      gate.submit({ type: 'pointer.move', x: i / 40, y: 0.5 });
      await gate.idle();
    }
    expect(input.events).toHaveLength(20);
    // The first move after the grant is checked; the rest rely on the recent check.
    expect(input.queries).toBeLessThanOrEqual(2);
  });

  it("the customer's own mouse between the representative's moves is still caught, and wins for the hold-off", async () => {
    const { input, gate, now, fire, localInputs } = counted();
    gate.grant();
    gate.submit({ type: 'pointer.move', x: 0.1, y: 0.1 });
    await gate.idle();
    input.customerMoves({ x: 700, y: 300 });
    now.t = 60;
    fire();
    await gate.idle();
    expect(localInputs()).toBe(1);
    gate.submit({ type: 'pointer.move', x: 0.9, y: 0.9 });
    await gate.idle();
    expect(input.events).toEqual(['move 100,50']);
    expect(input.pointer).toEqual({ x: 700, y: 300 });
    now.t = 1100;
    gate.submit({ type: 'pointer.move', x: 0.5, y: 0.5 });
    await gate.idle();
    expect(input.events).toEqual(['move 100,50', 'move 500,250']);
  });

  it('after a pause, the next move checks first', async () => {
    const { input, gate, now, localInputs } = counted();
    gate.grant();
    gate.submit({ type: 'pointer.move', x: 0.1, y: 0.1 });
    await gate.idle();
    input.customerMoves({ x: 700, y: 300 });
    now.t = 5000;
    gate.submit({ type: 'pointer.move', x: 0.9, y: 0.9 });
    await gate.idle();
    expect(localInputs()).toBe(1);
    expect(input.events).toEqual(['move 100,50']);
  });

  it('a move after a pause checks even when the check behind the last stream was recent (the installed-host race)', async () => {
    const { input, gate, now, fire, localInputs } = counted();
    gate.grant();
    gate.submit({ type: 'pointer.move', x: 0.1, y: 0.1 });
    await gate.idle();
    // The check behind the move runs late (a loaded machine), just before the customer moves the mouse...
    now.t = 400;
    fire();
    await gate.idle();
    input.customerMoves({ x: 700, y: 300 });
    // ...and the representative's next move comes within one period of that check, but long after their last move.
    now.t = 420;
    gate.submit({ type: 'pointer.move', x: 0.9, y: 0.9 });
    await gate.idle();
    expect(localInputs()).toBe(1);
    expect(input.pointer).toEqual({ x: 700, y: 300 });
  });

  it('stops checking when the representative stops, and on revoke', async () => {
    const { gate, fire, timers, now } = counted();
    gate.grant();
    gate.submit({ type: 'pointer.move', x: 0.1, y: 0.1 });
    await gate.idle();
    expect(timers).toHaveLength(1);
    now.t = 60;
    fire();
    await gate.idle();
    // Nothing injected since that check: no further timer.
    expect(timers).toHaveLength(0);
    gate.submit({ type: 'pointer.move', x: 0.2, y: 0.1 });
    await gate.idle();
    gate.revoke();
    fire();
    await gate.idle();
    expect(timers).toHaveLength(0);
  });
});
