// node:child_process and node:fs/promises load when an uninstall runs, not at every host start (they cost 10-25 ms to load).
const execFile = (file: string, args: string[], done: () => void) => process.getBuiltinModule('node:child_process').execFile(file, args, done);
const fsp = () => process.getBuiltinModule('node:fs/promises');
const rm: typeof import('node:fs/promises').rm = (...args) => fsp().rm(...args);
const rmdir: typeof import('node:fs/promises').rmdir = (...args) => fsp().rmdir(...args);
const readFile = (path: string, encoding: 'utf8') => fsp().readFile(path, encoding);
import { join } from 'node:path';
import { InstallRecordSchema, parseWith, type InstallRecord } from '@rs/protocol';
import type { Uninstaller } from './platform/types.ts';

export const RECORD_FILE = 'install.json';

/**
 * Removes what the installer wrote, as listed in its install record: the
 * manifests first (so no browser starts a half-removed host), then the files,
 * registry keys, the record, then the folders when empty. Paths come from the
 * record only; nothing is globbed.
 */
export async function uninstallFromRecord(record: InstallRecord, recordPath: string | null): Promise<string[]> {
  const removed: string[] = [];
  for (const path of [...record.manifests, ...record.files, ...(recordPath ? [recordPath] : [])]) {
    try {
      await rm(path, { force: true });
      removed.push(path);
    } catch {
      // Keep going: the rest must still be removed.
    }
  }
  for (const key of record.registryKeys) {
    // execFile, no shell: the key comes from our own record and is passed as one argument.
    await new Promise<void>((resolve) => execFile('reg', ['delete', key, '/f'], () => resolve()));
    removed.push(key);
  }
  for (const dir of [...record.dirs].sort((a, b) => b.length - a.length)) {
    try {
      await rmdir(dir);
      removed.push(dir);
    } catch {
      // Not empty (someone else's files) or gone: leave it.
    }
  }
  return removed;
}

/** The host's uninstaller: reads `install.json` from the folder the host was installed to. */
export class RecordUninstaller implements Uninstaller {
  readonly #dir: string | null;
  constructor(dir: string | null) {
    this.#dir = dir;
  }
  async uninstall(): Promise<string[]> {
    if (!this.#dir) return [];
    const path = join(this.#dir, RECORD_FILE);
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      return [];
    }
    const parsed = parseWith(InstallRecordSchema, raw);
    if (!parsed.ok) return [];
    return uninstallFromRecord(parsed.value, path);
  }
}
