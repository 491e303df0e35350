import type { ExtensionIdentity } from '@rs/protocol';
import { BUILT_IDENTITY } from './identity.ts';

/**
 * The caller, as the browser stamps it in argv: Chromium passes the origin
 * `chrome-extension://ID/` (then `--parent-window=` on Windows); Firefox passes
 * the manifest path and the extension id. Only the customer extension may start the host.
 */
export function callerAllowed(args: readonly string[], identity: ExtensionIdentity = BUILT_IDENTITY): boolean {
  if (identity.customerIds.some((id) => args[0] === `chrome-extension://${id}/`)) return true;
  return args.length >= 2 && args[1] === identity.customerGeckoId;
}
