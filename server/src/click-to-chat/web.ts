import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { Store } from '../store/store.ts';

/** The web chat build (`APP=web` in extension/): the same Preact components as the customer extension. */
export const WEB_CHAT_DIR = fileURLToPath(new URL('../../../extension/.output/web/', import.meta.url));
export const WEB_CHAT_BASE = '/webchat';

/**
 * Serves the web chat at every public site's path (the page reads its own path
 * to pick the site) and its assets under /webchat. Without a build, the static
 * fallback page answers instead.
 */
export function mountWebChat(app: Express, store: Store): void {
  const index = join(WEB_CHAT_DIR, 'index.html');
  app.use(WEB_CHAT_BASE, express.static(WEB_CHAT_DIR, { index: false }));
  app.get(/.*/, (req, res, next) => {
    if (!existsSync(index)) return next();
    const path = req.path.replace(/\/+$/, '') || '/';
    store.clickToChat.siteByPath(path).then(
      (site) => (site ? res.sendFile(index) : next()),
      next,
    );
  });
}
