import { expect, it } from 'vitest';
import { lazyPlatform } from './lazy-platform.ts';
import { FakeInput } from './platform/input.fake.ts';
import { FakeKeyboardWatch } from './platform/keyboard-watch.fake.ts';
import { FakeUninstaller, FakeWatermark } from './platform/watermark.fake.ts';

const setup = (fail = false) => {
  const real = { input: new FakeInput(), keyboardWatch: new FakeKeyboardWatch(), watermark: new FakeWatermark() };
  const failures: unknown[] = [];
  let loads = 0;
  const platform = lazyPlatform(
    async () => {
      loads++;
      if (fail) throw new Error('cannot open X display :9');
      return real;
    },
    new FakeUninstaller(),
    (e) => failures.push(e),
  );
  return { real, platform, failures, loads: () => loads };
};

it('loads nothing until a request needs the platform, then once', async () => {
  const { real, platform, loads } = setup();
  await platform.watermark.close();
  await platform.watermark.hide();
  platform.keyboardWatch!.stop();
  await platform.uninstaller.uninstall();
  expect(loads()).toBe(0);
  await platform.ready!();
  expect(loads()).toBe(1);
  await platform.input.move({ x: 3, y: 4 });
  await platform.watermark.show('Ada');
  expect(loads()).toBe(1);
  expect(real.input.events).toEqual(['move 3,4']);
  expect(real.watermark.shownFor).toBe('Ada');
  await platform.watermark.close();
  expect(real.watermark.closed).toBe(true);
});

it('starts the keyboard watch once loaded, unless it was stopped meanwhile', async () => {
  const { real, platform } = setup();
  platform.keyboardWatch!.start(() => {});
  platform.keyboardWatch!.stop();
  await platform.input.position();
  expect(real.keyboardWatch.watching).toBe(false);
  platform.keyboardWatch!.start(() => {});
  await platform.input.position();
  expect(real.keyboardWatch.watching).toBe(true);
  expect(await platform.keyboardWatch!.injecting(async () => 7)).toBe(7);
  expect(real.keyboardWatch.bracketed).toBe(1);
});

it('reports a platform that cannot load once, and every use rejects with it', async () => {
  const { platform, failures, loads } = setup(true);
  await expect(platform.input.move({ x: 1, y: 1 })).rejects.toThrow(/X display/);
  await expect(platform.watermark.show('Ada')).rejects.toThrow(/X display/);
  await expect(platform.ready!()).rejects.toThrow(/X display/);
  platform.keyboardWatch!.start(() => {});
  await platform.watermark.close();
  expect(loads()).toBe(1);
  expect(failures).toHaveLength(1);
});
