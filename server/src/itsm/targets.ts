import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may go. An admin account must not become a scanner of the
 * server's own network: loopback, private, link-local (cloud metadata at
 * 169.254.169.254), unique-local, CGNAT, multicast and every other special
 * range are refused unless WEBHOOK_ALLOW_PRIVATE is set. ipaddr.js (already
 * under Express) names the ranges; only ordinary global unicast passes.
 */

/** Names that are internal whatever DNS says about them today. */
const INTERNAL_NAMES = ['localhost', 'metadata.google.internal'];

/** Why this IP address is refused as a webhook target (its range), or null when it is public unicast. */
export function addressRefusal(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return 'invalid address';
  // process() turns ::ffff:a.b.c.d into a.b.c.d, so a mapped loopback is judged as loopback.
  const range = ipaddr.process(ip).range();
  return range === 'unicast' ? null : `${range} address`;
}

/** Why an admin may not save this webhook URL, or null. Names are checked again, after DNS, at every delivery. */
export function urlRefusal(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https URLs';
  // The URL parser has already turned 0x7f.1, 2130706433 and 0177.0.0.1 into 127.0.0.1.
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (ipaddr.isValid(host)) return addressRefusal(host);
  if (INTERNAL_NAMES.some((name) => host === name || host.endsWith(`.${name}`))) return `${host} is an internal name`;
  return null;
}
