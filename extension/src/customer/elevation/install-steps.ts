import { INSTALLER_FILE_NAMES, type InstallerOs } from '@rs/protocol';
import { t } from '../../i18n/index.ts';

/** The short instructions shown after the installer download starts. */
export function installSteps(os: InstallerOs): string[] {
  const file = INSTALLER_FILE_NAMES[os];
  if (os === 'linux') {
    return [t('elevation.stepFindLinux', { file }), t('elevation.stepChmod', { file }), t('elevation.stepRun')];
  }
  return [t('elevation.stepOpen', { file }), t('elevation.stepRun')];
}
