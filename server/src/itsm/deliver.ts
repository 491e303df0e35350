import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressRefusal } from './targets.ts';

/**
 * What the delivery log may say about one attempt. Deliberately coarse: the
 * target's status code and body are never recorded, so the log cannot be used
 * to fingerprint what listens at an address.
 */
export type DeliveryOutcome = { kind: 'delivered' } | { kind: 'refused' } | { kind: 'unreachable' } | { kind: 'blocked'; reason: string };

export const OUTCOME_TEXT = { refused: 'refused by the target', unreachable: 'unreachable' } as const;

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  allowPrivate: boolean;
  timeoutMs: number;
}

/** One webhook POST; injectable so the dispatcher can be tested without a network. */
export type WebhookPost = (url: string, options: PostOptions) => Promise<DeliveryOutcome>;

class BlockedAddress extends Error {}

/**
 * Resolves like dns.lookup, then refuses the answer if any address is not
 * public. The socket connects to the address handed back here, so the address
 * checked is the address used: a name cannot resolve to a public address for
 * the check and to 127.0.0.1 for the connection (DNS rebinding).
 */
function guardedLookup(): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.map((a) => addressRefusal(a.address)).find((r) => r !== null);
      if (refused || addresses.length === 0) return callback(new BlockedAddress(refused ?? 'no address'), '', 0);
      if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/** POSTs to a webhook URL without following redirects, reading nothing of the answer but whether it was 2xx. */
export const postWebhook: WebhookPost = (raw, { headers, body, allowPrivate, timeoutMs }) =>
  new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return resolve({ kind: 'blocked', reason: 'not a URL' });
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // An IP literal never goes through `lookup` (Node connects to it directly), so it is checked here.
    const literal = isIP(host) ? addressRefusal(host) : null;
    if (!allowPrivate && literal) return resolve({ kind: 'blocked', reason: literal });
    const options: RequestOptions = {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      timeout: timeoutMs,
      ...(allowPrivate ? {} : { lookup: guardedLookup() }),
    };
    const send = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : null;
    if (!send) return resolve({ kind: 'blocked', reason: 'only http and https URLs' });
    const req = send(url, options, (res) => {
      clearTimeout(deadline);
      res.destroy();
      resolve({ kind: (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300 ? 'delivered' : 'refused' });
    });
    // `timeout` above is per idle gap; this bounds the whole attempt, so a target that drips its headers cannot hold it.
    const deadline = setTimeout(() => req.destroy(new Error('timed out')), timeoutMs);
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) => {
      clearTimeout(deadline);
      resolve(err instanceof BlockedAddress ? { kind: 'blocked', reason: err.message } : { kind: 'unreachable' });
    });
    req.end(body);
  });
