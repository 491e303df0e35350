import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstallRecord } from '@rs/protocol';
import { removerScript } from './platform/remover.win32.ts';
import { RECORD_FILE, RecordUninstaller, type DeferredRemover } from './uninstall.ts';

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rs-uninstall-'));
  dir = join(root, 'host');
  mkdirSync(dir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const writeRecord = (files: string[]) => {
  const record: InstallRecord = { version: 1, files, manifests: [], registryKeys: [], dirs: [dir], createdRegistryKeys: [] };
  writeFileSync(join(dir, RECORD_FILE), JSON.stringify(record));
};

describe('removal from the install record', () => {
  it('keeps the record, listing only what is left, until the last file is gone, and hands the rest to the deferred remover', async () => {
    writeFileSync(join(dir, 'host.cjs'), 'x');
    // A path that cannot be deleted now (as the running host's executable on Windows): a folder that is not empty.
    const locked = join(dir, 'ors-host.exe');
    mkdirSync(locked);
    writeFileSync(join(locked, 'in-use'), 'x');
    writeRecord([locked, join(dir, 'host.cjs')]);
    const handed: Parameters<DeferredRemover>[0][] = [];
    await new RecordUninstaller(dir, async () => async (left) => void handed.push(left)).uninstall();
    expect(existsSync(join(dir, 'host.cjs'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, RECORD_FILE), 'utf8'))).toMatchObject({ files: [locked], manifests: [] });
    expect(handed).toEqual([{ files: [locked], recordPath: join(dir, RECORD_FILE), dirs: [dir] }]);

    // Once it is free, a later uninstall (the installer's --uninstall) finishes the job.
    rmSync(locked, { recursive: true });
    writeFileSync(locked, 'exe');
    await new RecordUninstaller(dir).uninstall();
    expect(existsSync(dir)).toBe(false);
  });
});

describe('the Windows remover script', () => {
  it('deletes the files first, waits while any is locked, then the record, the folders deepest first, then itself', () => {
    const script = removerScript({ files: ['C:\\Users\\A&B 100%\\host\\ors-host.exe', 'C:\\x\\host\\libnut.node'], recordPath: 'C:\\x\\host\\install.json', dirs: ['C:\\x', 'C:\\x\\host'] });
    const lines = script.split('\r\n');
    expect(lines).toContain('del /f /q "C:\\Users\\A&B 100%%\\host\\ors-host.exe" >nul 2>&1');
    expect(lines).toContain('if exist "C:\\x\\host\\libnut.node" goto wait');
    const at = (line: string) => lines.findIndex((l) => l.startsWith(line));
    expect(at('if exist')).toBeLessThan(at('del /f /q "C:\\x\\host\\install.json"'));
    expect(at('del /f /q "C:\\x\\host\\install.json"')).toBeLessThan(at('rmdir "C:\\x\\host"'));
    expect(at('rmdir "C:\\x\\host"')).toBeLessThan(at('rmdir "C:\\x"'));
    expect(lines.at(-2)).toBe('(goto) 2>nul & del "%~f0"');
  });
});
