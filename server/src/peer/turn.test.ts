import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { turnCredentials, turnServers } from './turn.ts';

describe('TURN REST credentials', () => {
  it('use expiry:peerId as username and base64 HMAC-SHA1 of it as credential', () => {
    const c = turnCredentials('north', ['turn:turn.example.com:3478'], 'abc123', 3600, 1_700_000_000_500);
    expect(c.username).toBe('1700003600:abc123');
    // Known answer, computed independently: printf '1700003600:abc123' | openssl dgst -sha1 -hmac north -binary | base64
    expect(c.credential).toBe(createHmac('sha1', 'north').update('1700003600:abc123').digest('base64'));
    expect(c.credential).toBe('Kb2LNHW+/icJOttqfWpkrd41mNk=');
    expect(c.urls).toEqual(['turn:turn.example.com:3478']);
  });

  it('expire after the configured lifetime and differ per peer and per secret', () => {
    const a = turnCredentials('s', ['turn:x'], 'p1', 60, 0);
    expect(a.username).toBe('60:p1');
    expect(turnCredentials('s', ['turn:x'], 'p2', 60, 0).credential).not.toBe(a.credential);
    expect(turnCredentials('t', ['turn:x'], 'p1', 60, 0).credential).not.toBe(a.credential);
  });

  it('are issued only when TURN_SECRET and TURN_URLS are both set', () => {
    expect(turnServers(loadConfig({}), 'p', 0)).toEqual([]);
    expect(turnServers(loadConfig({ TURN_SECRET: 's' }), 'p', 0)).toEqual([]);
    const config = loadConfig({ TURN_SECRET: 's', TURN_URLS: 'turn:a:3478, turns:a:5349', TURN_TTL_SECONDS: '600' });
    const [server] = turnServers(config, 'p', 10_000);
    expect(server?.urls).toEqual(['turn:a:3478', 'turns:a:5349']);
    expect(server?.username).toBe('610:p');
  });
});
