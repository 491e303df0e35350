import type { InstallerOs } from '@rs/protocol';

/** The short instructions shown after the installer download starts. */
export function installSteps(os: InstallerOs): string[] {
  if (os === 'linux') {
    return [
      'Open your Downloads folder and find open-remote-support-helper-linux-x64.',
      'Mark it executable: chmod +x ~/Downloads/open-remote-support-helper-linux-x64 (or tick "Allow executing file as program" in its properties).',
      'Run it. It removes itself when this session ends.',
    ];
  }
  if (os === 'macos') return ['Open the downloaded open-remote-support-helper-macos.', 'Run it. It removes itself when this session ends.'];
  return ['Open the downloaded open-remote-support-helper-windows-x64.exe.', 'Run it. It removes itself when this session ends.'];
}
