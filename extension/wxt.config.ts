import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { CONSOLE_EXTENSION, CUSTOMER_EXTENSION, extensionIdentity } from '@rs/protocol';
import { externalMatches } from './src/lib/external-matches.ts';
import { manifestLocales } from './src/i18n/manifest-locales.ts';

/**
 * One WXT project, two extensions. `APP=customer` builds the customer client
 * (side panel), `APP=console` the representative console (a tab page). Each
 * app has its own entrypoints folder and output folder, so the two builds never
 * mix: `.output/<app>/chrome-mv3/`.
 */
type App = 'customer' | 'console';

function selectedApp(): App {
  const app = process.env.APP ?? 'customer';
  if (app !== 'customer' && app !== 'console') {
    throw new Error(`APP must be "customer" or "console", not ${JSON.stringify(app)}`);
  }
  return app;
}

const app = selectedApp();
/** The ids the server and the helper trust (CUSTOMER_EXTENSION_IDS, CONSOLE_EXTENSION_IDS, CUSTOMER_GECKO_ID), checked here too. */
const identity = extensionIdentity(process.env);
/**
 * STORE_BUILD=1 (set by `npm run zip`): a copy for a store, which assigns its own id and refuses a manifest
 * `key`. Otherwise a local build pins the development id with the fixed key, when that id is still trusted.
 */
const storeBuild = process.env.STORE_BUILD === '1';
const devKey = (ext: typeof CUSTOMER_EXTENSION | typeof CONSOLE_EXTENSION, ids: readonly string[]) =>
  !storeBuild && ids.includes(ext.id) ? { key: ext.key } : {};
/** Chromium 116: the first with `sidePanel.open()`, which the customer client uses to bring its chat back. */
const MINIMUM_CHROME_VERSION = '116';
/** Firefox 140: the first that reads `data_collection_permissions` (addons.mozilla.org asks every new add-on for it). */
const MINIMUM_FIREFOX_VERSION = '140.0';

/** Each app's own icons (`public/<app>/icon/<size>.png`, drawn by `scripts/make-icons.ts`), at the same paths in both outputs. */
const ICONS = { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' };

const manifests = {
  customer: {
    name: '__MSG_name__',
    description: '__MSG_description__',
    ...devKey(CUSTOMER_EXTENSION, identity.customerIds),
    permissions: ['storage', 'sidePanel', 'notifications', 'nativeMessaging', 'downloads'],
    action: { default_title: '__MSG_action__', default_icon: ICONS },
    // The server's public support page hands session keys (from emailed links) to this extension.
    externally_connectable: { matches: externalMatches(process.env.WXT_SERVER_URL || 'http://localhost:8080') },
  },
  console: {
    name: '__MSG_name__',
    description: '__MSG_description__',
    ...devKey(CONSOLE_EXTENSION, identity.consoleIds),
    permissions: ['storage'],
    action: { default_title: '__MSG_action__', default_icon: ICONS },
  },
} as const;

export default defineConfig({
  srcDir: 'src',
  entrypointsDir: `${app}/entrypoints`,
  // Store copies (no key) never replace the local builds that the tests and `npm start` load.
  outDir: storeBuild ? `.output/store/${app}` : `.output/${app}`,
  publicDir: `public/${app}`,
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  webExt: { disabled: true },
  zip: {
    // One file per app and browser, e.g. remote-support-customer-0.1.0-chrome.zip (WXT's default names both apps alike).
    artifactTemplate: `remote-support-${app}-{{version}}-{{browser}}.zip`,
    sourcesTemplate: `remote-support-${app}-{{version}}-sources.zip`,
    // The sources zip must rebuild the add-on (addons.mozilla.org review): the workspace root with its
    // lockfile, every workspace's package.json (so `npm ci` sees the same tree), protocol/ and extension/.
    sourcesRoot: fileURLToPath(new URL('..', import.meta.url)),
    includeSources: ['package.json', 'package-lock.json', 'tsconfig.json', '*/package.json', 'protocol/**', 'extension/**'],
    excludeSources: ['**/*.test.ts', '**/*.test.tsx', 'extension/scripts/icons/*.test.ts'],
  },
  manifest: ({ browser }) => {
    const firefox = browser === 'firefox';
    // The console's origins stay exact; a Firefox install's origin is random, so the server would trust it as a customer only.
    if (firefox && app === 'console') throw new Error('the console is built for Chromium browsers only (see extension/README.md)');
    // Firefox has no side panel API (the panel is a sidebar_action) and no externally_connectable.
    const { externally_connectable: _external, ...firefoxSafe } = manifests[app] as typeof manifests.customer;
    return {
      ...(firefox ? firefoxSafe : manifests[app]),
      permissions: manifests[app].permissions.filter((p) => !(firefox && p === 'sidePanel')),
      icons: ICONS,
      // Name, description and toolbar title in the browser's language, from src/i18n/ (manifest-locales.ts).
      default_locale: 'en',
      ...(firefox
        ? {
            // Firefox names an extension by this id: the helper's Firefox manifest allows exactly it.
            browser_specific_settings: {
              gecko: {
                id: identity.customerGeckoId,
                strict_min_version: MINIMUM_FIREFOX_VERSION,
                // What leaves the browser: the customer's name, the chat, and what they choose to share (a tab or the screen).
                data_collection_permissions: { required: ['personallyIdentifyingInfo', 'personalCommunications', 'websiteContent'] },
              },
              // Not a Firefox for Android add-on (no native messaging there), but if a listing marks it so: 142 reads data_collection_permissions.
              gecko_android: { strict_min_version: '142.0' },
            },
          }
        : { minimum_chrome_version: MINIMUM_CHROME_VERSION }),
    };
  },
  hooks: { 'build:publicAssets': (_, files) => void files.push(...manifestLocales(app)) },
  vite: () => ({ plugins: [preact()] }),
});
