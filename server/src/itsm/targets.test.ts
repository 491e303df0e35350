import { describe, expect, it } from 'vitest';
import { addressRefusal, urlRefusal } from './targets.ts';

describe('webhook target addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:100.64.0.1', 'carrierGradeNat'],
    ['64:ff9b::a00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['not an address', 'invalid'],
  ])('refuses %s (%s)', (ip, range) => {
    expect(addressRefusal(ip)).toContain(range);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('allows the public address %s', (ip) => {
    expect(addressRefusal(ip)).toBeNull();
  });
});

describe('webhook URLs as an admin saves them', () => {
  it.each([
    'http://127.0.0.1:22/',
    'http://0x7f.1/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://10.0.0.1/hook',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/',
    'http://100.64.1.2/',
    'http://0.0.0.0/',
    'http://localhost:8080/',
    'http://api.localhost/',
    'http://LOCALHOST./',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://metadata.google.internal./',
    'ftp://example.com/',
    'not a url',
  ])('refuses %s', (url) => {
    expect(urlRefusal(url)).toEqual(expect.any(String));
  });

  it.each(['https://itsm.example.com/hook', 'http://93.184.215.14:8080/x', 'https://[2606:4700:4700::1111]/'])('accepts %s', (url) => {
    expect(urlRefusal(url)).toBeNull();
  });
});
