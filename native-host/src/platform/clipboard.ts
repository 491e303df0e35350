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

export const linuxClipboard = (bundledXsel: string | null) =>
  clipboardWriter([
    ['xsel', ['--clipboard', '--input']],
    ['xclip', ['-selection', 'clipboard', '-in']],
    ...(bundledXsel ? ([[bundledXsel, ['--clipboard', '--input']]] as Array<[string, string[]]>) : []),
  ]);
