import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';
import { ConfigError } from '../env.ts';
import { log } from '../observability/log.ts';

/** Decides, hop by hop from the socket's peer outwards, whether that peer may name the next one in X-Forwarded-For. */
export type TrustProxy = (addr: string, hop: number) => boolean;

/**
 * `TRUST_PROXY`: unset, empty or `false` trusts no proxy; a number trusts that many hops
 * (1 = the one reverse proxy in front); anything else is a comma-separated list of proxy
 * addresses or CIDRs (or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`). The
 * same rules as Express's `trust proxy` setting, compiled by the library Express uses.
 * `true` (trust every hop) is refused: any client could then claim any address.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy | null {
  const value = raw?.trim() ?? '';
  if (value === '' || value === 'false' || value === '0') return null;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_addr, hop) => hop < hops;
  }
  if (value === 'true') throw new ConfigError('TRUST_PROXY', raw ?? '', "a hop count or the proxies' addresses (true would let any client choose its address)");
  try {
    return proxyAddr.compile(value.split(',').map((s) => s.trim()).filter(Boolean));
  } catch {
    throw new ConfigError('TRUST_PROXY', raw ?? '', 'a hop count or a comma-separated list of proxy addresses or CIDRs (10.0.0.0/8,192.0.2.7 or loopback)');
  }
}

let warnedUntrusted = false;

/**
 * What one client is, for a budget: an IPv4 address (also when written IPv4-mapped,
 * `::ffff:192.0.2.1`), or an IPv6 address's /64. One subscriber is given a whole /64,
 * so counting its 2^64 addresses one by one would let it rotate past every budget.
 */
export function budgetKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.process(address);
  if (ip.kind() === 'ipv4') return ip.toString();
  const prefix = (ip as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(':')}::/64`;
}

/**
 * The client's address, for REST requests and WebSocket upgrades alike: the socket's peer,
 * or with a trusted proxy the nearest untrusted address in X-Forwarded-For, as its
 * `budgetKey`. Every throttle keyed by address uses this, so a spoofed header counts
 * only when a trusted proxy added it.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy | null): string {
  return budgetKey(connectingClient(req, trust));
}

function connectingClient(req: IncomingMessage, trust: TrustProxy | null): string {
  if (!trust) {
    if (!warnedUntrusted && req.headers['x-forwarded-for'] !== undefined) {
      warnedUntrusted = true;
      // Said once: behind a proxy without TRUST_PROXY every customer is the proxy, and shares its budgets.
      log.warn('requests carry X-Forwarded-For but TRUST_PROXY is not set: throttles count the connecting address; behind a proxy, set TRUST_PROXY');
    }
    return req.socket.remoteAddress ?? 'unknown';
  }
  return proxyAddr(req, trust);
}
