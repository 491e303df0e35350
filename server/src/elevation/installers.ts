import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Router } from 'express';
import { INSTALLER_FILE_NAMES, InstallerOsSchema, ProtocolError, type InstallerOs, type InstallerState } from '@rs/protocol';
import { checkInstallerAsync } from '../../../installers/src/check.ts';
import { mount } from '../http/operation.ts';
import { log } from '../observability/log.ts';
import { downloadInstaller } from './operations.ts';
import type { Services } from '../services.ts';

/**
 * Checks each installer before it is served (installers/src/check.ts: the
 * single-executable fuse, the signed bundle, the key), once per version of
 * the file (its size and modification time; shared by every instance in the
 * process), and logs a broken one once.
 */
const seen = new Map<string, { key: string; result: Promise<InstallerState> }>();

export class InstallerChecks {
  readonly #dir: string;
  readonly #log: (line: string) => void;
  constructor(dir: string, warn: (line: string) => void = (line) => log.warn(line)) {
    this.#dir = dir;
    this.#log = warn;
  }
  path(os: InstallerOs): string {
    return join(this.#dir, os, INSTALLER_FILE_NAMES[os]);
  }
  async state(os: InstallerOs): Promise<InstallerState> {
    const file = this.path(os);
    const info = await stat(file).catch(() => null);
    if (!info) return { state: 'missing' };
    const key = `${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}`;
    const known = seen.get(file);
    if (known?.key === key) return known.result;
    const result = checkInstallerAsync(file).then((check): InstallerState => {
      if (check.ok) return { state: 'ok' };
      this.#log(`installer ${os}: not served: ${check.reason} (${file}; npm start rebuilds it)`);
      return { state: 'broken', reason: check.reason };
    });
    seen.set(file, { key, result });
    return result;
  }
  async all(): Promise<Record<InstallerOs, InstallerState>> {
    const [linux, windows, macos] = await Promise.all(InstallerOsSchema.options.map((os) => this.state(os)));
    return { linux: linux!, windows: windows!, macos: macos! };
  }
}

/** `GET /api/installers/:os`: the signed helper installer for that OS, as a download, or a clear error when it is not built or fails its check. */
export function installersRouter(_services: Services, checks: InstallerChecks): Router {
  const router = Router();
  mount(router, downloadInstaller, async (req, res) => {
    const os = InstallerOsSchema.safeParse(req.params.os);
    if (!os.success) throw new ProtocolError('not_found', 'no installer for that system; use linux, windows or macos');
    // The file each OS's build leaves in `INSTALLERS_DIR/<os>/` (see installers/), served only once it passed its check.
    const state = await checks.state(os.data);
    if (state.state === 'missing') throw new ProtocolError('not_found', `the ${os.data} installer is not built on this server (npm run build:installers)`);
    if (state.state === 'broken') throw new ProtocolError('not_found', `the ${os.data} installer on this server failed its check (${state.reason}); it is not served`);
    res.setHeader('Cache-Control', 'no-store');
    const name = INSTALLER_FILE_NAMES[os.data];
    await new Promise<void>((resolve, reject) => res.download(checks.path(os.data), name, (err) => (err ? reject(err) : resolve())));
  });
  return router;
}
