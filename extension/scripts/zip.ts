import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extensionIdentity } from '@rs/protocol';

/**
 * `npm run zip`: the store copies, built once each with STORE_BUILD=1 (no manifest `key`; the stores assign
 * the ids, which then go to CUSTOMER_EXTENSION_IDS / CONSOLE_EXTENSION_IDS) into `--out DIR` (default
 * `.output/store/zips/`):
 *
 *   remote-support-customer-<v>-chrome.zip   Chrome Web Store
 *   remote-support-customer-<v>-edge.zip     Edge Add-ons (the same package: one Chromium MV3 build)
 *   remote-support-customer-<v>-firefox.zip  addons.mozilla.org, gecko id CUSTOMER_GECKO_ID
 *   remote-support-customer-<v>-sources.zip  what AMO reviewers rebuild it from
 *   remote-support-console-<v>-chrome.zip / -edge.zip
 *
 * WXT_SERVER_URL (the default server and the page allowed to hand over session keys) is baked in as in
 * `npm run build`. Then `web-ext lint` checks the Firefox build (see README: the warnings it keeps).
 */
const EXTENSION_DIR = fileURLToPath(new URL('..', import.meta.url));
const outFlag = process.argv.indexOf('--out');
const out = resolve(outFlag >= 0 && process.argv[outFlag + 1] ? process.argv[outFlag + 1]! : join(EXTENSION_DIR, '.output/store/zips'));

// A wrong id fails here, in one sentence, before anything is built.
extensionIdentity(process.env);
const wxt = join(EXTENSION_DIR, '../node_modules/.bin/wxt');
rmSync(join(EXTENSION_DIR, '.output/store'), { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const builds = [
  { app: 'customer', browser: 'chrome' },
  { app: 'customer', browser: 'firefox' },
  { app: 'console', browser: 'chrome' },
] as const;
for (const { app, browser } of builds) {
  execFileSync(wxt, ['zip', '-b', browser], { cwd: EXTENSION_DIR, env: { ...process.env, APP: app, STORE_BUILD: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const dir = join(EXTENSION_DIR, '.output/store', app);
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.zip'))) {
    copyFileSync(join(dir, name), join(out, name));
    // Edge Add-ons takes the Chromium package as it is; its own file, so each store's upload is named for it.
    if (name.endsWith('-chrome.zip')) copyFileSync(join(dir, name), join(out, name.replace(/-chrome\.zip$/, '-edge.zip')));
  }
}
console.log(`Store zips in ${out}:\n${readdirSync(out).sort().map((n) => `  ${n}`).join('\n')}`);
