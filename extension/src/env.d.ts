/** Build-time variables that Vite (through WXT's `WXT_` prefix) replaces in the bundle. */
interface ImportMetaEnv {
  readonly WXT_SERVER_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
