// node:child_process and node:fs/promises load when an uninstall runs, not at every host start (they cost 10-25 ms to load).
const execFile = (file: string, args: string[], done: (error: Error | null, stdout: string) => void) =>
  process.getBuiltinModule('node:child_process').execFile(file, args, { encoding: 'utf8', windowsHide: true }, (error, stdout) => done(error, String(stdout)));
const fsp = () => process.getBuiltinModule('node:fs/promises');
const rm: typeof import('node:fs/promises').rm = (...args) => fsp().rm(...args);
const rmdir: typeof import('node:fs/promises').rmdir = (...args) => fsp().rmdir(...args);
const readFile = (path: string, encoding: 'utf8') => fsp().readFile(path, encoding);
const writeFile = (path: string, data: string) => fsp().writeFile(path, data);
const exists = (path: string) => fsp().access(path).then(() => true, () => false);
import { join } from 'node:path';
import { InstallRecordSchema, parseWith, type InstallRecord } from '@rs/protocol';
import type { Uninstaller } from './platform/types.ts';

export const RECORD_FILE = 'install.json';

/**
 * Finishes a removal after this process is gone: Windows will not delete a
 * running executable or a loaded addon (the host's own files), so a process
 * that outlives the host deletes them once it has exited, then the record,
 * then the folders. Resolves once that process is started.
 */
export type DeferredRemover = (left: { files: string[]; recordPath: string; dirs: string[] }) => Promise<void>;

const reg = (args: string[]) => new Promise<{ ok: boolean; stdout: string }>((resolve) => execFile('reg', args, (error, stdout) => resolve({ ok: !error, stdout })));

/** A key with no values and no subkeys (`reg query` prints only its name; Windows may add an unset default value). */
async function registryKeyEmpty(key: string): Promise<boolean> {
  const { ok, stdout } = await reg(['query', key]);
  if (!ok) return false;
  return stdout.split(/\r?\n/).filter((l) => l.trim() && !/^\s+\(Default\)\s+REG_SZ\s*(\(value not set\))?\s*$/.test(l)).length <= 1;
}

/**
 * Removes what the installer wrote, as listed in its install record: the
 * manifests and registry keys first (so no browser starts a half-removed
 * host; keys the install created above them go too, when empty), then the
 * files. The record stays until the last file is gone: when some cannot be
 * deleted yet (the running host on Windows), the record is rewritten to list
 * only what is left and `deferred` finishes the job after this process
 * exits; without it, a later `--uninstall` does. Then the record, then the
 * folders when empty. Paths come from the record only; nothing is globbed.
 */
export async function uninstallFromRecord(record: InstallRecord, recordPath: string | null, deferred?: DeferredRemover): Promise<string[]> {
  const removed: string[] = [];
  const tryRm = async (path: string) => {
    try {
      await rm(path, { force: true });
      if (await exists(path)) return false;
      removed.push(path);
      return true;
    } catch {
      return false;
    }
  };
  const manifestsLeft: string[] = [];
  for (const path of record.manifests) if (!(await tryRm(path))) manifestsLeft.push(path);
  for (const key of record.registryKeys) {
    // execFile, no shell: the key comes from our own record and is passed as one argument.
    await reg(['delete', key, '/f']);
    removed.push(key);
  }
  for (const key of [...record.createdRegistryKeys].sort((a, b) => b.length - a.length)) {
    if ((await registryKeyEmpty(key)) && (await reg(['delete', key, '/f'])).ok) removed.push(key);
  }
  const filesLeft: string[] = [];
  for (const path of record.files) if (!(await tryRm(path))) filesLeft.push(path);
  const left = [...manifestsLeft, ...filesLeft];
  if (left.length && recordPath) {
    const rest: InstallRecord = { ...record, files: filesLeft, manifests: manifestsLeft, registryKeys: [], createdRegistryKeys: [] };
    await writeFile(recordPath, JSON.stringify(rest, null, 2)).catch(() => {});
    if (deferred) await deferred({ files: left, recordPath, dirs: record.dirs }).catch(() => {});
    return removed;
  }
  if (recordPath && (await tryRm(recordPath)) === false) return removed;
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
  readonly #deferred: (() => Promise<DeferredRemover>) | undefined;
  /** `deferred` loads the OS's way to finish after this process exits (Windows), when one is needed. */
  constructor(dir: string | null, deferred?: () => Promise<DeferredRemover>) {
    this.#dir = dir;
    this.#deferred = deferred;
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
    const load = this.#deferred;
    return uninstallFromRecord(parsed.value, path, load ? async (left) => (await load())(left) : undefined);
  }
}
