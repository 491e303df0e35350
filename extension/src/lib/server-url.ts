/** The support server's base URL: baked in at build time, overridable by the user. */
export const DEFAULT_SERVER_URL: string = normalizeServerUrl(import.meta.env.WXT_SERVER_URL ?? '') ?? 'http://localhost:8080';

/** Storage key (browser.storage.local) of the user's own server URL. */
export const SERVER_URL_KEY = 'serverUrl';

/**
 * Turns what a person typed into a base URL (`http(s)://host[:port][/prefix]`,
 * no trailing slash), or null when it is not an http(s) URL.
 */
export function normalizeServerUrl(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** The WebSocket URL for a path on the server (http -> ws, https -> wss). */
export function wsUrl(serverUrl: string, path: string): string {
  return serverUrl.replace(/^http/, 'ws') + path;
}
