import type { InputDriver, KeyboardWatch, Platform, Watermark } from './platform/types.ts';

/**
 * The platform (input with nut.js and its addon, X11, the watermark) loaded
 * on the first request that needs it, not before: the host answers hello
 * first. Loaded once; a load that fails is reported once (`onFailure`: the
 * host logs it and ends) and every later use rejects with it. Closing or
 * stopping what was never loaded loads nothing. The uninstaller is not
 * deferred (it touches only files).
 */
export function lazyPlatform(load: () => Promise<Omit<Platform, 'uninstaller'>>, uninstaller: Platform['uninstaller'], onFailure: (error: unknown) => void): Platform {
  let loading: Promise<Omit<Platform, 'uninstaller'>> | null = null;
  let loaded: Omit<Platform, 'uninstaller'> | null = null;
  const get = () => {
    loading ??= load().then(
      (p) => (loaded = p),
      (error: unknown) => {
        onFailure(error);
        throw error;
      },
    );
    return loading;
  };
  const input: InputDriver = {
    monitors: async () => (await get()).input.monitors(),
    position: async () => (await get()).input.position(),
    move: async (to) => (await get()).input.move(to),
    click: async (button) => (await get()).input.click(button),
    doubleClick: async () => (await get()).input.doubleClick(),
    wheel: async (dx, dy) => (await get()).input.wheel(dx, dy),
    keys: async (keys) => (await get()).input.keys(keys),
    type: async (text) => (await get()).input.type(text),
  };
  // start is synchronous in the interface: the watch starts once loaded, unless stopped (or restarted) meanwhile.
  let watchGeneration = 0;
  const keyboardWatch: KeyboardWatch = {
    start(onLocal) {
      const generation = ++watchGeneration;
      if (loaded) return loaded.keyboardWatch?.start(onLocal);
      get().then(
        (p) => generation === watchGeneration && p.keyboardWatch?.start(onLocal),
        () => {},
      );
    },
    stop() {
      watchGeneration++;
      loaded?.keyboardWatch?.stop();
    },
    injecting: async (work) => {
      const p = await get();
      return p.keyboardWatch ? p.keyboardWatch.injecting(work) : work();
    },
  };
  const watermark: Watermark = {
    show: async (repName, text) => (await get()).watermark.show(repName, text),
    hide: async () => {
      if (loading) await (await get()).watermark.hide();
    },
    close: async () => {
      if (!loading) return;
      const p = await loading.catch(() => null);
      await p?.watermark.close();
    },
  };
  return { input, keyboardWatch, watermark, uninstaller, ready: async () => void (await get()) };
}
