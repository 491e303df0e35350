import { Socket } from 'node:net';
import { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { budgetKey, clientAddress, parseTrustProxy } from './client-address.ts';
import { captureLogs } from '../observability/log.ts';

function request(peer: string, forwardedFor?: string): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: peer });
  const req = new IncomingMessage(socket);
  if (forwardedFor) req.headers['x-forwarded-for'] = forwardedFor;
  return req;
}

describe('budget key', () => {
  it('is the IPv4 address (also IPv4-mapped), an IPv6 address\'s /64, and anything else as it is', () => {
    expect(budgetKey('192.0.2.1')).toBe('192.0.2.1');
    expect(budgetKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(budgetKey('2001:db8:1:2::7')).toBe('2001:db8:1:2::/64');
    expect(budgetKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(budgetKey('2001:db8:1:3::7')).toBe('2001:db8:1:3::/64');
    expect(budgetKey('::1')).toBe('0:0:0:0::/64');
    expect(budgetKey('unknown')).toBe('unknown');
  });
});

describe('client address', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For says (and says so once in the log)', () => {
    const logs = captureLogs();
    try {
      expect(clientAddress(request('192.0.2.1'), null)).toBe('192.0.2.1');
      expect(logs.lines).toEqual([]);
      for (const raw of [undefined, '', 'false', '0']) expect(clientAddress(request('192.0.2.1', '203.0.113.9'), parseTrustProxy(raw))).toBe('192.0.2.1');
      expect(logs.lines).toHaveLength(1);
      expect(logs.lines[0]).toMatchObject({ level: 'warn', msg: expect.stringContaining('TRUST_PROXY') });
    } finally {
      logs.restore();
    }
  });

  it('with a hop count, takes that many proxies off the end of the chain and no more', () => {
    const trust = parseTrustProxy('1');
    expect(clientAddress(request('10.0.0.2', '1.1.1.1, 203.0.113.9'), trust)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.2'), trust)).toBe('10.0.0.2');
  });

  it('with a list of proxies, believes the header only when a listed proxy sent it', () => {
    const trust = parseTrustProxy('10.0.0.0/8, 192.0.2.7');
    expect(clientAddress(request('10.1.2.3', '203.0.113.9'), trust)).toBe('203.0.113.9');
    expect(clientAddress(request('192.0.2.7', '203.0.113.9'), trust)).toBe('203.0.113.9');
    expect(clientAddress(request('198.51.100.5', '203.0.113.9'), trust)).toBe('198.51.100.5');
    // A client that prepends its own entry cannot hide behind it: the nearest untrusted hop wins.
    expect(clientAddress(request('10.1.2.3', '6.6.6.6, 203.0.113.9'), trust)).toBe('203.0.113.9');
  });

  it('refuses settings that would trust everyone or are not addresses', () => {
    expect(() => parseTrustProxy('true')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('not-an-address')).toThrow(/TRUST_PROXY/);
  });
});
