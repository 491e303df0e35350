import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Puts text on the clipboard through the first helper that works (xsel, xclip,
 * or one shipped beside the host). The text goes through stdin, never argv or
 * a shell. We wait for the helper's exit, not its stdio: xsel and xclip leave
 * a child behind to serve the selection.
 */
export function clipboardWriter(candidates: Array<[string, string[]]>): (text: string) => Promise<void> {
  return async (text) => {
    const errors: string[] = [];
    for (const [command, args] of candidates) {
      if (command.includes('/') && !existsSync(command)) continue;
      try {
        await new Promise<void>((resolve, reject) => {
          const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'ignore'], detached: false });
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))));
          child.stdin.end(text);
        });
        return;
      } catch (error) {
        errors.push(String(error));
      }
    }
    throw new Error(`no clipboard helper worked: ${errors.join('; ')}`);
  };
}

function readClipboard(): Promise<string | null> {
  const attempt = (command: string, args: string[]) =>
    new Promise<string | null>((resolve) => {
      const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.on('error', () => resolve(null));
      child.on('close', (code) => resolve(code === 0 ? out : null));
    });
  return attempt('xclip', ['-selection', 'clipboard', '-out']).then((v) => v ?? attempt('xsel', ['--clipboard', '--output']));
}

/**
 * Linux: write with xsel or xclip, then read back until the new owner serves
 * the text (the helper's background child takes the selection a moment after
 * the parent exits; pasting before that would paste the old content).
 */
export const linuxClipboard = (bundledXsel: string | null) => {
  const write = clipboardWriter([
    ['xsel', ['--clipboard', '--input']],
    ['xclip', ['-selection', 'clipboard', '-in']],
    ...(bundledXsel ? ([[bundledXsel, ['--clipboard', '--input']]] as Array<[string, string[]]>) : []),
  ]);
  return async (text: string) => {
    await write(text);
    for (let i = 0; i < 40; i++) {
      if ((await readClipboard()) === text) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  };
};
