import type { ExtensionIdentity } from '@rs/protocol';
import { ConfigError } from '../env.ts';

/** The customer extension's page in the Chrome Web Store (its first configured id). */
export const chromeWebStoreUrl = (identity: ExtensionIdentity): string => `https://chromewebstore.google.com/detail/${identity.customerIds[0]}`;

/** `CUSTOMER_EXTENSION_URL`: where the web chat sends a customer to install the full client when they allow Elevate. */
export function customerExtensionUrl(env: NodeJS.ProcessEnv, identity: ExtensionIdentity): string {
  const raw = env.CUSTOMER_EXTENSION_URL?.trim() || chromeWebStoreUrl(identity);
  const url = URL.canParse(raw) ? new URL(raw) : null;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new ConfigError('CUSTOMER_EXTENSION_URL', raw, 'an http:// or https:// URL');
  return url.href;
}
