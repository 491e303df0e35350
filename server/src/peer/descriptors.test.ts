import { describe, expect, it } from 'vitest';
import { defaultMaxPeers, openFilesLimit } from './descriptors.ts';
import { loadConfig } from '../config.ts';

describe('the PeerJS peers limit', () => {
  it('defaults to what the descriptors allow (two per party), not the peer package\'s 5,000', () => {
    const limits = 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            20000                20000                files\n';
    expect(openFilesLimit(() => limits)).toBe(20000);
    expect(defaultMaxPeers(20000)).toBe(9872);
    expect(defaultMaxPeers(null)).toBe(5000);
    expect(openFilesLimit(() => 'Max open files unlimited unlimited files')).toBe(null);
    expect(openFilesLimit(() => {
      throw new Error('no /proc');
    })).toBe(null);
  });

  it('is a setting (PEER_MAX_PEERS)', () => {
    expect(loadConfig({ PEER_MAX_PEERS: '12345' }).peerMaxPeers).toBe(12345);
    expect(loadConfig({}).peerMaxPeers).toBe(defaultMaxPeers());
    expect(() => loadConfig({ PEER_MAX_PEERS: '0' })).toThrow(/PEER_MAX_PEERS/);
  });
});
