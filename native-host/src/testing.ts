import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connectX11 } from './platform/x11-client.ts';

/** A private Xvfb display for one test file (so tests never touch the caller's display). */
export type TestDisplay = { display: string; close(): Promise<void> };

export async function startXvfb(width = 1280, height = 800): Promise<TestDisplay> {
  let n = 120 + Math.floor(Math.random() * 300);
  while (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) n++;
  const display = `:${n}`;
  const proc: ChildProcess = spawn('Xvfb', [display, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try {
      const x = await connectX11(display, 500);
      x.close();
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    display,
    close: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill();
      }),
  };
}
