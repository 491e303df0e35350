import { describe, expect, it } from 'vitest';
import { CUSTOMER_EXTENSION, DEV_CUSTOMER_GECKO_ID, extensionIdentity, NATIVE_HOST_NAME } from '@rs/protocol';
import { BROWSERS, INSTALL_DIRS, renderManifest, type Os } from './templates.ts';

const hostPaths: Record<Os, string> = {
  linux: '/home/a b/.local/share/open-remote-support/host/ors-host',
  macos: '/Users/a/Library/Application Support/OpenRemoteSupport/host/ors-host',
  windows: 'C:\\Users\\a "q"\\AppData\\Local\\OpenRemoteSupport\\host\\ors-host.exe',
};

describe('host manifest templates', () => {
  for (const browser of BROWSERS) {
    for (const os of Object.keys(hostPaths) as Os[]) {
      it(`renders ${browser.id} on ${os}`, () => {
        const manifest = JSON.parse(renderManifest(browser.family, hostPaths[os]));
        expect(manifest).toMatchObject({ name: NATIVE_HOST_NAME, path: hostPaths[os], type: 'stdio' });
        if (browser.family === 'firefox') {
          expect(manifest.allowed_extensions).toEqual([DEV_CUSTOMER_GECKO_ID]);
          expect(manifest.allowed_origins).toBeUndefined();
        } else {
          // The exact origin, with the trailing slash Chromium requires; no wildcards.
          expect(manifest.allowed_origins).toEqual([`chrome-extension://${CUSTOMER_EXTENSION.id}/`]);
        }
        expect(browser.where[os].manifests).toMatch(os === 'windows' ? /^HKCU\\Software\\.+\\NativeMessagingHosts$/ : /NativeMessagingHosts|native-messaging-hosts/);
        expect(INSTALL_DIRS[os]).toBeTruthy();
      });
    }
  }
});

it('lists the ids the installer was built with: every store copy of the customer extension, its Firefox id', () => {
  const identity = extensionIdentity({ CUSTOMER_EXTENSION_IDS: `${'c'.repeat(32)}, ${'e'.repeat(32)}`, CUSTOMER_GECKO_ID: '{0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}' });
  expect(JSON.parse(renderManifest('chromium', '/h', identity)).allowed_origins).toEqual([`chrome-extension://${'c'.repeat(32)}/`, `chrome-extension://${'e'.repeat(32)}/`]);
  expect(JSON.parse(renderManifest('firefox', '/h', identity)).allowed_extensions).toEqual(['{0b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}']);
});
