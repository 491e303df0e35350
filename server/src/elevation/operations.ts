import { InstallerOsSchema } from '@rs/protocol';
import { operation } from '../http/operation.ts';

export const downloadInstaller = operation({
  method: 'get', path: '/api/installers/:os', operationId: 'downloadInstaller', tag: 'Installers', auth: 'none',
  summary: 'The signed elevation helper installer for that system, as a download',
  description: '404 `not_found` when this server has not built it (`npm run build:installers`).',
  params: { os: InstallerOsSchema },
  responses: { 200: { raw: ['application/octet-stream'], description: 'The installer' } },
});

export const elevationOperations = [downloadInstaller];
