import { INSTALLER_FILE_NAMES, type InstallerOs } from '@rs/protocol';

/** The short instructions shown after the installer download starts. */
export function installSteps(os: InstallerOs): string[] {
  const file = INSTALLER_FILE_NAMES[os];
  if (os === 'linux') {
    return [
      `Open your Downloads folder and find ${file}.`,
      `Mark it executable: chmod +x ~/Downloads/${file} (or tick "Allow executing file as program" in its properties).`,
      'Run it. It removes itself when this session ends.',
    ];
  }
  return [`Open the downloaded ${file}.`, 'Run it. It removes itself when this session ends.'];
}
