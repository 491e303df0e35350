import chromiumTemplate from '../templates/chromium.json' with { type: 'json' };
import firefoxTemplate from '../templates/firefox.json' with { type: 'json' };
import { extensionOrigin, NATIVE_HOST_NAME, type ExtensionIdentity } from '@rs/protocol';
import { BUILT_IDENTITY } from '../../native-host/src/identity.ts';

/**
 * Where each browser looks for the host manifest, per OS, for the current
 * user, and which template renders it. The host name comes from @rs/protocol;
 * the extension ids are the settings this installer was built with (the same
 * ones the extension build and the server read, see native-host/src/identity.ts).
 */
export type Os = 'linux' | 'windows' | 'macos';
export type Family = 'chromium' | 'firefox';
export type Browser = {
  id: 'chrome' | 'chromium' | 'edge' | 'brave' | 'firefox';
  family: Family;
  /** Per OS: the folder whose existence says the browser is present, and the manifest folder (Linux, macOS) or registry key (Windows). */
  where: Record<Os, { profile: string; manifests: string }>;
};

const MAC = '~/Library/Application Support';
const HKCU = 'HKCU\\Software';
export const BROWSERS: readonly Browser[] = [
  {
    id: 'chrome',
    family: 'chromium',
    where: {
      linux: { profile: '~/.config/google-chrome', manifests: '~/.config/google-chrome/NativeMessagingHosts' },
      macos: { profile: `${MAC}/Google/Chrome`, manifests: `${MAC}/Google/Chrome/NativeMessagingHosts` },
      windows: { profile: '%LOCALAPPDATA%\\Google\\Chrome', manifests: `${HKCU}\\Google\\Chrome\\NativeMessagingHosts` },
    },
  },
  {
    id: 'chromium',
    family: 'chromium',
    where: {
      linux: { profile: '~/.config/chromium', manifests: '~/.config/chromium/NativeMessagingHosts' },
      macos: { profile: `${MAC}/Chromium`, manifests: `${MAC}/Chromium/NativeMessagingHosts` },
      windows: { profile: '%LOCALAPPDATA%\\Chromium', manifests: `${HKCU}\\Chromium\\NativeMessagingHosts` },
    },
  },
  {
    id: 'edge',
    family: 'chromium',
    where: {
      linux: { profile: '~/.config/microsoft-edge', manifests: '~/.config/microsoft-edge/NativeMessagingHosts' },
      macos: { profile: `${MAC}/Microsoft Edge`, manifests: `${MAC}/Microsoft Edge/NativeMessagingHosts` },
      windows: { profile: '%LOCALAPPDATA%\\Microsoft\\Edge', manifests: `${HKCU}\\Microsoft\\Edge\\NativeMessagingHosts` },
    },
  },
  {
    id: 'brave',
    family: 'chromium',
    where: {
      linux: { profile: '~/.config/BraveSoftware/Brave-Browser', manifests: '~/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts' },
      macos: { profile: `${MAC}/BraveSoftware/Brave-Browser`, manifests: `${MAC}/BraveSoftware/Brave-Browser/NativeMessagingHosts` },
      windows: { profile: '%LOCALAPPDATA%\\BraveSoftware\\Brave-Browser', manifests: `${HKCU}\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts` },
    },
  },
  {
    id: 'firefox',
    family: 'firefox',
    where: {
      linux: { profile: '~/.mozilla', manifests: '~/.mozilla/native-messaging-hosts' },
      macos: { profile: `${MAC}/Firefox`, manifests: `${MAC}/Mozilla/NativeMessagingHosts` },
      windows: { profile: '%APPDATA%\\Mozilla\\Firefox', manifests: `${HKCU}\\Mozilla\\NativeMessagingHosts` },
    },
  },
];

/** Where the installer puts the host, per OS, for the current user. */
export const INSTALL_DIRS: Record<Os, string> = {
  linux: '~/.local/share/open-remote-support/host',
  macos: `${MAC}/OpenRemoteSupport/host`,
  windows: '%LOCALAPPDATA%\\OpenRemoteSupport\\host',
};

export const HOST_DESCRIPTION = 'Open Remote Support: desktop control for one support session';
export const manifestFileName = () => `${NATIVE_HOST_NAME}.json`;

/** One template per browser family (installers/templates/*.json); imported, so the bundled installer carries them. */
export const templateText = (family: Family): string =>
  JSON.stringify(family === 'firefox' ? firefoxTemplate : chromiumTemplate, null, 2);

/**
 * Fills a template: `{{field}}` inside a string is replaced (JSON-escaped, so a path with quotes or
 * backslashes stays one string); a list entry that is exactly `{{origins}}` becomes every allowed origin.
 */
export function renderTemplate(template: string, hostPath: string, identity: ExtensionIdentity = BUILT_IDENTITY): string {
  const values: Record<string, string> = {
    name: NATIVE_HOST_NAME,
    description: HOST_DESCRIPTION,
    path: hostPath,
    geckoId: identity.customerGeckoId,
  };
  const lists: Record<string, string[]> = {
    // The exact origins, with the trailing slash Chromium requires; one per store copy (Chrome Web Store, Edge Add-ons).
    origins: identity.customerIds.map((id) => `${extensionOrigin(id)}/`),
  };
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`unknown template field ${key}`);
      return value;
    });
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return fill(node);
    if (Array.isArray(node))
      return node.flatMap((item) => {
        const list = typeof item === 'string' ? /^\{\{(\w+)\}\}$/.exec(item)?.[1] : undefined;
        return list !== undefined && lists[list] ? lists[list] : [walk(item)];
      });
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  return JSON.stringify(walk(JSON.parse(template)), null, 2);
}

export const renderManifest = (family: Family, hostPath: string, identity?: ExtensionIdentity) => renderTemplate(templateText(family), hostPath, identity);
