import { extensionIdentity, type ExtensionIdentity } from '@rs/protocol';

/**
 * The extensions this helper trusts. Each setting is read on its own, by
 * name: the installer build (installers/src/build.ts) replaces every such read
 * with the value it was built with, so a shipped helper (and the manifests
 * its installer writes) trusts exactly the extensions of its build, whatever
 * the customer's environment says. Unbundled (development, tests) the reads
 * are live, with the development ids as defaults.
 */
export const BUILT_IDENTITY: ExtensionIdentity = extensionIdentity({
  CUSTOMER_EXTENSION_IDS: process.env.CUSTOMER_EXTENSION_IDS,
  CONSOLE_EXTENSION_IDS: process.env.CONSOLE_EXTENSION_IDS,
  CUSTOMER_GECKO_ID: process.env.CUSTOMER_GECKO_ID,
});
