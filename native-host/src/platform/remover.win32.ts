import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeferredRemover } from '../uninstall.ts';

/** A path inside double quotes in a batch file: only `%` is still special there (Windows paths cannot hold `"`). */
const quoted = (path: string) => `"${path.replaceAll('%', '%%')}"`;

/**
 * The batch file that finishes a removal on Windows (the usual pattern):
 * it tries to delete the files left (the host's executable and addon are
 * locked until the host exits) about once a second for up to ten minutes;
 * once none is left it deletes the install record, then the folders when
 * empty, then itself. If files are still locked at the end the record stays,
 * listing them, so `--uninstall` can finish later. Paths come only from the
 * install record; nothing from a message reaches it.
 */
export function removerScript(left: { files: string[]; recordPath: string; dirs: string[] }): string {
  const lines = ['@echo off', 'set n=0', ':again'];
  for (const f of left.files) lines.push(`del /f /q ${quoted(f)} >nul 2>&1`);
  for (const f of left.files) lines.push(`if exist ${quoted(f)} goto wait`);
  lines.push(`del /f /q ${quoted(left.recordPath)} >nul 2>&1`);
  for (const d of [...left.dirs].sort((a, b) => b.length - a.length)) lines.push(`rmdir ${quoted(d)} >nul 2>&1`);
  lines.push('goto end', ':wait', 'set /a n+=1', 'if %n% geq 600 goto end', 'ping -n 2 127.0.0.1 >nul', 'goto again', ':end', '(goto) 2>nul & del "%~f0"');
  return lines.join('\r\n') + '\r\n';
}

/** Starts the remover detached from the host (no window, its own process group), so it outlives the host's exit. */
export const windowsDeferredRemover: DeferredRemover = async (left) => {
  const script = join(tmpdir(), `ors-remove-${process.pid}-${Date.now()}.cmd`);
  writeFileSync(script, removerScript(left));
  const child = spawn(process.env.ComSpec ?? 'cmd.exe', ['/d', '/q', '/c', script], { detached: true, stdio: 'ignore', windowsHide: true });
  child.on('error', () => {});
  child.unref();
};
