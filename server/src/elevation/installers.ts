import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import { INSTALLER_FILE_NAMES, InstallerOsSchema, ProtocolError } from '@rs/protocol';
import { mount } from '../http/operation.ts';
import { downloadInstaller } from './operations.ts';
import type { Services } from '../services.ts';

/** `GET /api/installers/:os`: the signed helper installer for that OS, as a download, or a clear 404 when it is not built. */
export function installersRouter({ config }: Services): Router {
  const router = Router();
  mount(router, downloadInstaller, async (req, res) => {
    const os = InstallerOsSchema.safeParse(req.params.os);
    if (!os.success) throw new ProtocolError('not_found', 'no installer for that system; use linux, windows or macos');
    // The file each OS's build leaves in `INSTALLERS_DIR/<os>/` (see installers/).
    const name = INSTALLER_FILE_NAMES[os.data];
    const file = join(config.installersDir, os.data, name);
    if (!existsSync(file)) {
      throw new ProtocolError('not_found', `the ${os.data} installer is not built on this server (npm run build:installers)`);
    }
    res.setHeader('Cache-Control', 'no-store');
    await new Promise<void>((resolve, reject) => res.download(file, name, (err) => (err ? reject(err) : resolve())));
  });
  return router;
}
