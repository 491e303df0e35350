import { CUSTOMER_EXTENSION, CUSTOMER_EXTENSION_GECKO_ID } from '@rs/protocol';

/**
 * The caller, as the browser stamps it in argv: Chromium passes the origin
 * `chrome-extension://ID/` (then `--parent-window=` on Windows); Firefox passes
 * the manifest path and the extension id. Only the customer extension may start the host.
 */
export function callerAllowed(args: readonly string[]): boolean {
  if (args[0] === `chrome-extension://${CUSTOMER_EXTENSION.id}/`) return true;
  return args.length >= 2 && args[1] === CUSTOMER_EXTENSION_GECKO_ID;
}
