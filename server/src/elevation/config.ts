import { CUSTOMER_EXTENSION } from '@rs/protocol';
import { ConfigError } from '../env.ts';

/** The customer extension's page in the Chrome Web Store (its fixed id). */
export const DEFAULT_CUSTOMER_EXTENSION_URL = `https://chromewebstore.google.com/detail/${CUSTOMER_EXTENSION.id}`;

/** `CUSTOMER_EXTENSION_URL`: where the web chat sends a customer to install the full client when they allow Elevate. */
export function customerExtensionUrl(env: NodeJS.ProcessEnv): string {
  const raw = env.CUSTOMER_EXTENSION_URL?.trim() || DEFAULT_CUSTOMER_EXTENSION_URL;
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new ConfigError('CUSTOMER_EXTENSION_URL', raw, 'an http:// or https:// URL');
  return url.href;
}
