import { join } from 'node:path';
import { ERROR_CODES } from '@rs/protocol';
import { runHost } from './host.ts';
import { createLogger } from './log.ts';
import { installLastResort } from './last-resort.ts';
import { callerAllowed } from './origin.ts';
import type { Platform } from './platform/types.ts';
import { RecordUninstaller } from './uninstall.ts';
import { mark } from './startup-trace.ts';

/**
 * Composition root: check the caller, pick the platform once, run the loop,
 * exit with its code. `installDir` is where the installer put the host (its
 * install record, the native addon); null when run from source.
 */
export async function main(args: readonly string[], installDir: string | null): Promise<number> {
  const log = createLogger();
  installLastResort(log);
  if (!callerAllowed(args)) {
    log(`refused caller ${JSON.stringify(args.slice(0, 2)).slice(0, 200)}`);
    return ERROR_CODES.forbidden;
  }
  let platform: Platform;
  try {
    platform = await createPlatform(installDir);
  } catch (error) {
    log(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
    return ERROR_CODES.internal;
  }
  mark('platform loaded');
  log('started');
  const code = await runHost({ input: process.stdin, output: process.stdout, platform, log });
  log(`exiting with ${code}`);
  return code;
}

async function createPlatform(installDir: string | null): Promise<Platform> {
  const uninstaller = new RecordUninstaller(installDir);
  // Loaded only after the display check: nut.js crashes the process when there is no display.
  if (process.platform === 'linux') {
    const { connectX11, queryMonitors } = await import('./platform/x11-client.ts');
    const x = await connectX11();
    const { X11Watermark } = await import('./platform/watermark.linux.ts');
    const { linuxClipboard } = await import('./platform/clipboard.ts');
    const { NutInput } = await import('./platform/input.nut.ts');
    const { X11KeyboardWatch } = await import('./platform/keyboard-watch.linux.ts');
    const input = new NutInput(() => queryMonitors(x), { setClipboard: linuxClipboard(installDir ? join(installDir, 'xsel') : null) });
    return { input, keyboardWatch: new X11KeyboardWatch(x), watermark: new X11Watermark(x), uninstaller };
  }
  const { NutInput, nutMonitors } = await import('./platform/input.nut.ts');
  if (process.platform === 'win32') {
    const { Win32Watermark } = await import('./platform/watermark.win32.ts');
    return { input: new NutInput(nutMonitors), watermark: new Win32Watermark(), uninstaller };
  }
  const { Key } = await import('@nut-tree-fork/nut-js');
  const { DarwinWatermark } = await import('./platform/watermark.darwin.ts');
  return { input: new NutInput(nutMonitors, { pasteModifier: Key.LeftCmd }), watermark: new DarwinWatermark(), uninstaller };
}
