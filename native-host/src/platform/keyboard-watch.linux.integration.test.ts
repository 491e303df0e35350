import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { X11KeyboardWatch } from './keyboard-watch.linux.ts';
import { useX11Display } from './x11-fixture.ts';

const run = promisify(execFile);
const fixture = useX11Display();

/** A key held as a person holds one (about 120 ms), from another X client, like the customer's keyboard. */
const press = (key: string) => run('xdotool', ['keydown', key, 'sleep', '0.12', 'keyup', key], { env: { ...process.env, DISPLAY: fixture.display.display } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

it("reports the customer's key presses, not the host's own, and nothing once stopped", async () => {
  const watch = new X11KeyboardWatch(fixture.x);
  let local = 0;
  watch.start(() => local++);
  await settle();
  expect(local).toBe(0);

  await press('a');
  await settle();
  expect(local).toBe(1);

  // The same kind of key press, made by the host: bracketed, so not the customer's.
  await watch.injecting(() => press('b'));
  await settle();
  expect(local).toBe(1);

  await press('Shift_L');
  await settle();
  expect(local).toBe(2);

  watch.stop();
  await press('c');
  await settle();
  expect(local).toBe(2);
});
