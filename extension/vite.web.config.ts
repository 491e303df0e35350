import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

/**
 * The third build: the web chat on the public support page. The same Preact
 * customer components as the extension, with the web platform (the server's
 * own origin, page notifications). The server serves it from
 * `.output/web/` at every public site's path, its assets under `/webchat/`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web/', import.meta.url)),
  base: '/webchat/',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('./.output/web/', import.meta.url)),
    emptyOutDir: true,
  },
});
