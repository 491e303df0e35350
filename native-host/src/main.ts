import { join } from 'node:path';
import { ERROR_CODES } from '@rs/protocol';
import { runHost } from './host.ts';
import { createLogger } from './log.ts';
import { installLastResort } from './last-resort.ts';
import { callerAllowed } from './origin.ts';
import type { Platform } from './platform/types.ts';
import { RecordUninstaller } from './uninstall.ts';
import { flushTrace, mark } from './startup-trace.ts';
import { lazyPlatform } from './lazy-platform.ts';

/**
 * Composition root: check the caller, pick the platform once (loaded on the
 * first request that needs it), run the loop, exit with its code; a platform
 * that cannot load (no X server answering) ends the host with `internal`.
 * `installDir` is where the installer put the host (its install record, the
 * native addon); null when run from source.
 */
export async function main(args: readonly string[], installDir: string | null): Promise<number> {
  const log = createLogger();
  installLastResort(log);
  if (!callerAllowed(args)) {
    log(`refused caller ${JSON.stringify(args.slice(0, 2)).slice(0, 200)}`);
    return ERROR_CODES.forbidden;
  }
  // Checked now, cheaply: nut.js crashes the process when there is no display. The X connection itself is made with the platform.
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    log('cannot start: no X display: DISPLAY is not set');
    return ERROR_CODES.internal;
  }
  // The platform (input, X11, the watermark) loads on the first request that needs it: hello is answered first.
  let failed = false;
  const platform = lazyPlatform(
    async () => {
      const loaded = await createPlatform(installDir);
      mark('platform loaded');
      flushTrace();
      return loaded;
    },
    // Windows: the running host's own files are deleted by a process that outlives it.
    new RecordUninstaller(installDir, process.platform === 'win32' ? async () => (await import('./platform/remover.win32.ts')).windowsDeferredRemover : undefined),
    (error) => {
      failed = true;
      log(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
  log('started');
  const code = await runHost({ input: process.stdin, output: process.stdout, platform, log, stop: () => (failed ? ERROR_CODES.internal : null) });
  log(`exiting with ${code}`);
  return code;
}

async function createPlatform(installDir: string | null): Promise<Omit<Platform, 'uninstaller'>> {
  // Loaded only after the display check: nut.js crashes the process when there is no display.
  if (process.platform === 'linux') {
    const { connectX11, queryMonitors } = await import('./platform/x11-client.ts');
    const x = await connectX11();
    const { X11Watermark } = await import('./platform/watermark.linux.ts');
    const { linuxClipboard } = await import('./platform/clipboard.ts');
    const { NutInput } = await import('./platform/input.nut.ts');
    const { X11KeyboardWatch } = await import('./platform/keyboard-watch.linux.ts');
    const input = new NutInput(() => queryMonitors(x), { setClipboard: linuxClipboard(installDir ? join(installDir, 'xsel') : null) });
    return { input, keyboardWatch: new X11KeyboardWatch(x), watermark: new X11Watermark(x, { fontDirs: installDir ? [installDir] : [] }) };
  }
  const { NutInput, nutMonitors } = await import('./platform/input.nut.ts');
  if (process.platform === 'win32') {
    const { Win32Watermark } = await import('./platform/watermark.win32.ts');
    return { input: new NutInput(nutMonitors), watermark: new Win32Watermark() };
  }
  const { Key } = await import('@nut-tree-fork/nut-js');
  const { DarwinWatermark } = await import('./platform/watermark.darwin.ts');
  return { input: new NutInput(nutMonitors, { pasteModifier: Key.LeftCmd }), watermark: new DarwinWatermark() };
}
