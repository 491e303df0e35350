import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import { InstallerOsSchema, ProtocolError } from '@rs/protocol';
import { route } from '../http/errors.ts';
import type { Services } from '../services.ts';

/** The file each OS's build leaves in `INSTALLERS_DIR/<os>/` (see installers/). */
export const INSTALLER_FILES = {
  linux: 'open-remote-support-helper-linux-x64',
  windows: 'open-remote-support-helper-windows-x64.exe',
  macos: 'open-remote-support-helper-macos',
} as const;

/** `GET /api/installers/:os`: the signed helper installer for that OS, as a download, or a clear 404 when it is not built. */
export function installersRouter({ config }: Services): Router {
  const router = Router();
  router.get(
    '/installers/:os',
    route(async (req, res) => {
      const os = InstallerOsSchema.safeParse(req.params.os);
      if (!os.success) throw new ProtocolError('not_found', 'no installer for that system; use linux, windows or macos');
      const name = INSTALLER_FILES[os.data];
      const file = join(config.installersDir, os.data, name);
      if (!existsSync(file)) {
        throw new ProtocolError('not_found', `the ${os.data} installer is not built on this server (npm run build:installers)`);
      }
      res.setHeader('Cache-Control', 'no-store');
      await new Promise<void>((resolve, reject) => res.download(file, name, (err) => (err ? reject(err) : resolve())));
    }),
  );
  return router;
}
