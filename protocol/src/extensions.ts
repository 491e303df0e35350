/**
 * The two extensions' identities, defined once. In development both run
 * unpacked with a fixed manifest `key`, so their ids are fixed: the id is
 * derived from the key (SHA-256 of the DER public key, first 32 hex digits
 * mapped 0-f -> a-p; a unit test checks that each pair agrees). A store
 * assigns its own id (and rejects a manifest with `key`), so the ids the
 * server, the helper and the build trust are settings: see
 * `extensionIdentity`.
 */
export const CUSTOMER_EXTENSION = {
  name: 'customer',
  key: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA9qBwbYZTYBvEa9hqil0tkp5wsj0kXQKDHUFPiPdVhMP3gIxPFi+UmESrq90aVNSDO2qoSoYA11MDuxtRqKttVGIFSWc8QMCrG/G/rSif7b4r5aZjxbXff62ZfqYTcpovV8091/K1Puta3E6zb9F4EeD61WK/wvN+TvbyPHJTNuqDgDx1cYG66MWLWKDe4qdt7lPx663ySHRLjPRRssGMrIioGPPyptw07+AWSLdzaOtdDiri/Bs3TMZs0cSDMpVj9M5NPUTclxlh0TNiwrDpomW4b82hBVVuK5FEHpxRqstOopuZThkfyJr1zc0gMlmqQkvkkmZTTNUvDGW09+776wIDAQAB',
  id: 'belghemobbljeeolioobknihpjicgchp',
} as const;

export const CONSOLE_EXTENSION = {
  name: 'console',
  key: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA1imL5RCWzeTX6Q40/yJYiiapH849x5++KkiR+FVYoCZgX26sjoxNrVf9MtJYjUZlG/0G4PAAuo3Ch2S7ki0Wqel3xgsoh1ZKXn7OWYw+HV7OlM+7TahRKoxUYf06bUDIbHw0UAphK6HdmwSsTyka13hg8jrxGOlMLjvCkuGnhu1c4dGiWx0/YeQbg4JDZQjHGA5xx4ukSU3Z3mg7dekOogdKUia+2iKz6IH2eDtoiRqp7fJiJTf8kz6TerDyVW/vXDpne1vg/piPAteEn/4GFQRJ0q+4WaWnk86MlbaUoTOvCVa4divZA4U1mtuPonVtDATXPaoud9djvN9J3nv42wIDAQAB',
  id: 'kfolgppgcegjmnklglhgccjafaoiohia',
} as const;

/** The customer extension's id in Firefox (gecko) unless `CUSTOMER_GECKO_ID` says otherwise. */
export const DEV_CUSTOMER_GECKO_ID = 'customer@openremotesupport.org';

/** Name of the native messaging host the customer extension talks to. */
export const NATIVE_HOST_NAME = 'org.openremotesupport.host';

export const extensionOrigin = (id: string): string => `chrome-extension://${id}`;

/** The settings that name the extensions, read by the extension build, the server and the helper's build. */
export const EXTENSION_IDENTITY_VARIABLES = ['CUSTOMER_EXTENSION_IDS', 'CONSOLE_EXTENSION_IDS', 'CUSTOMER_GECKO_ID'] as const;
export type ExtensionIdentityEnv = Readonly<Partial<Record<(typeof EXTENSION_IDENTITY_VARIABLES)[number], string | undefined>>>;

export interface ExtensionIdentity {
  /**
   * The customer extension's Chromium ids, first the one its default store page uses (Chrome Web Store),
   * then any other (Edge Add-ons assigns another id to the same extension).
   */
  customerIds: readonly [string, ...string[]];
  consoleIds: readonly [string, ...string[]];
  /** The customer extension's Firefox id (`browser_specific_settings.gecko.id`): the one the helper's Firefox manifest allows. */
  customerGeckoId: string;
}

/** The development identity: the fixed keys' ids. */
export const DEV_EXTENSION_IDENTITY: ExtensionIdentity = {
  customerIds: [CUSTOMER_EXTENSION.id],
  consoleIds: [CONSOLE_EXTENSION.id],
  customerGeckoId: DEV_CUSTOMER_GECKO_ID,
};

/** A Chromium extension id: 32 letters a-p. */
const CHROMIUM_ID = /^[a-p]{32}$/;
/** A Firefox add-on id as addons.mozilla.org accepts it: an email-like id or a GUID in braces, at most 80 characters. */
const GECKO_ID = /^(?:\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}|[a-zA-Z0-9._-]*@[a-zA-Z0-9._-]+)$/;

function chromiumIds(env: ExtensionIdentityEnv, name: 'CUSTOMER_EXTENSION_IDS' | 'CONSOLE_EXTENSION_IDS', fallback: string): [string, ...string[]] {
  const raw = env[name]?.trim();
  if (!raw) return [fallback];
  const ids = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
  const bad = ids.find((id) => !CHROMIUM_ID.test(id));
  if (bad !== undefined || ids.length === 0) {
    throw new Error(`${name}=${JSON.stringify(raw)} is not valid: expected comma-separated Chromium extension ids of 32 letters a-p (${JSON.stringify(bad ?? '')} is not one).`);
  }
  return ids as [string, ...string[]];
}

/**
 * The extension ids from settings, with the development ids as defaults:
 * `CUSTOMER_EXTENSION_IDS` and `CONSOLE_EXTENSION_IDS` (comma-separated
 * Chromium ids: Chrome Web Store first, then Edge Add-ons or a self-hosted
 * copy) and `CUSTOMER_GECKO_ID`. A malformed value is an error whose one
 * sentence names the variable, its value and what is expected.
 */
export function extensionIdentity(env: ExtensionIdentityEnv): ExtensionIdentity {
  const gecko = env.CUSTOMER_GECKO_ID?.trim() || DEV_CUSTOMER_GECKO_ID;
  if (gecko.length > 80 || !GECKO_ID.test(gecko)) {
    throw new Error(`CUSTOMER_GECKO_ID=${JSON.stringify(gecko)} is not valid: expected a Firefox add-on id such as name@example.com or {GUID}, at most 80 characters.`);
  }
  return {
    customerIds: chromiumIds(env, 'CUSTOMER_EXTENSION_IDS', CUSTOMER_EXTENSION.id),
    consoleIds: chromiumIds(env, 'CONSOLE_EXTENSION_IDS', CONSOLE_EXTENSION.id),
    customerGeckoId: gecko,
  };
}

/**
 * A Firefox extension page's origin: `moz-extension://` and the random UUID Firefox gives each install.
 * No setting can name it in advance, so a server trusts it only for the customer role (see server/src/http/origins.ts).
 */
export const isFirefoxExtensionOrigin = (origin: string): boolean =>
  /^moz-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(origin);
