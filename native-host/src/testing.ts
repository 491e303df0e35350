import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseHostToExtension, type HostToExtension } from '@rs/protocol';
import { encodeFrame, FrameDecoder } from './framing.ts';
import { connectX11 } from './platform/x11-client.ts';

/** A private Xvfb display for one test file (so tests never touch the caller's display). */
export type TestDisplay = { display: string; close(): Promise<void> };

/**
 * `more` adds monitors to the right of the first, top-aligned, as on a desk with two screens:
 * one root window spanning them, split into RandR monitors (which Xinerama reports too).
 */
export async function startXvfb(width = 1280, height = 800, more: Array<[number, number]> = []): Promise<TestDisplay> {
  let n = 120 + Math.floor(Math.random() * 300);
  while (existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`)) n++;
  const display = `:${n}`;
  const all: Array<[number, number]> = [[width, height], ...more];
  const rootWidth = all.reduce((sum, [w]) => sum + w, 0);
  const rootHeight = Math.max(...all.map(([, h]) => h));
  const proc: ChildProcess = spawn('Xvfb', [display, '-screen', '0', `${rootWidth}x${rootHeight}x24`, '-nolisten', 'tcp', '-noreset'], {
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
  if (more.length > 0) {
    let left = 0;
    all.forEach(([w, h], i) => {
      // The first monitor takes over the output's automatic one; the others are extra monitors.
      execFileSync('xrandr', ['--setmonitor', `m${i}`, `${w}/${w}x${h}/${h}+${left}+0`, i === 0 ? 'screen' : 'none'], {
        env: { ...process.env, DISPLAY: display },
        stdio: 'ignore',
      });
      left += w;
    });
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

/** A host process spoken to as Chromium would: framed stdin/stdout, the caller origin as the argument. */
export type HostProcess = {
  send(message: unknown): void;
  /** The next message from the host that matches, waiting up to timeoutMs. */
  next(match?: (m: HostToExtension) => boolean, timeoutMs?: number): Promise<HostToExtension>;
  received: HostToExtension[];
  stderr(): string;
  exited: Promise<number | null>;
  kill(): void;
};

export function spawnHost(command: string, args: string[], env: NodeJS.ProcessEnv): HostProcess {
  const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const decoder = new FrameDecoder();
  const received: HostToExtension[] = [];
  const waiters: Array<() => void> = [];
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    for (const f of decoder.push(chunk)) {
      if (!f.ok) throw new Error(`host wrote a bad frame: ${f.error.message}`);
      const parsed = parseHostToExtension(f.value);
      if (!parsed.ok) throw new Error(`host wrote an invalid message: ${JSON.stringify(f.value)}`);
      received.push(parsed.value);
    }
    for (const w of waiters.splice(0)) w();
  });
  child.stdin!.on('error', () => {});
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let cursor = 0;
  return {
    received,
    stderr: () => err,
    exited,
    kill: () => child.kill(),
    send: (message) => child.stdin!.write(encodeFrame(message)),
    next: (match = () => true, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching message from the host; got ${JSON.stringify(received)}\n${err}`)), timeoutMs);
        const look = () => {
          while (cursor < received.length) {
            const m = received[cursor++]!;
            if (match(m)) {
              clearTimeout(timer);
              resolve(m);
              return;
            }
          }
          waiters.push(look);
        };
        look();
      }),
  };
}
