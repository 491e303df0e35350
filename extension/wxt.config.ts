import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { CONSOLE_EXTENSION, CUSTOMER_EXTENSION, CUSTOMER_EXTENSION_GECKO_ID } from '@rs/protocol';
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

/** Each app's own icons (`public/<app>/icon/<size>.png`, drawn by `scripts/make-icons.ts`), at the same paths in both outputs. */
const ICONS = { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' };

const manifests = {
  customer: {
    name: '__MSG_name__',
    description: '__MSG_description__',
    key: CUSTOMER_EXTENSION.key,
    permissions: ['storage', 'sidePanel', 'notifications', 'nativeMessaging', 'downloads'],
    action: { default_title: '__MSG_action__', default_icon: ICONS },
    // The server's public support page hands session keys (from emailed links) to this extension.
    externally_connectable: { matches: externalMatches(process.env.WXT_SERVER_URL || 'http://localhost:8080') },
  },
  console: {
    name: '__MSG_name__',
    description: '__MSG_description__',
    key: CONSOLE_EXTENSION.key,
    permissions: ['storage'],
    action: { default_title: '__MSG_action__', default_icon: ICONS },
  },
} as const;

export default defineConfig({
  srcDir: 'src',
  entrypointsDir: `${app}/entrypoints`,
  outDir: `.output/${app}`,
  publicDir: `public/${app}`,
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  webExt: { disabled: true },
  manifest: ({ browser }) => ({
    ...manifests[app],
    permissions: [...manifests[app].permissions],
    icons: ICONS,
    // Name, description and toolbar title in the browser's language, from src/i18n/ (manifest-locales.ts).
    default_locale: 'en',
    // Firefox names an extension by this id: the helper's Firefox manifest allows exactly it.
    ...(browser === 'firefox' && app === 'customer' ? { browser_specific_settings: { gecko: { id: CUSTOMER_EXTENSION_GECKO_ID } } } : {}),
  }),
  hooks: { 'build:publicAssets': (_, files) => void files.push(...manifestLocales(app)) },
  vite: () => ({ plugins: [preact()] }),
});
