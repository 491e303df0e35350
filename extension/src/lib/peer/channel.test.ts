import { describe, expect, it, vi } from 'vitest';
import type { PeerMessage } from '@rs/protocol';
import { PeerChannel } from './channel.ts';
import { FakeConnection } from './fake-connection.ts';

describe('PeerChannel', () => {
  it('delivers only payloads that match the peer schema', async () => {
    const conn = new FakeConnection();
    const channel = new PeerChannel(conn);
    const got: PeerMessage[] = [];
    channel.onMessage((m) => got.push(m));
    conn.open = true;
    conn.fire('open');
    await channel.opened;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    conn.fire('data', { type: 'screen.info', surface: 'browser', width: 800, height: 600, frameRate: 30 });
    conn.fire('data', { type: 'screen.info', surface: 'browser', width: -1, height: 600, frameRate: 30 });
    conn.fire('data', '<img onerror=alert(1)>');
    conn.fire('data', { type: 'control.format_disk' });
    expect(got).toEqual([{ type: 'screen.info', surface: 'browser', width: 800, height: 600, frameRate: 30 }]);
    expect(warn).toHaveBeenCalledTimes(3);
    warn.mockRestore();
  });

  it('sends only while open, and closes once', async () => {
    const conn = new FakeConnection();
    const channel = new PeerChannel(conn);
    expect(() => channel.send({ type: 'peer.ping', t: 1 })).toThrow(/not open/);
    conn.open = true;
    channel.send({ type: 'peer.ping', t: 1 });
    expect(conn.sent).toEqual([{ type: 'peer.ping', t: 1 }]);
    const closed = vi.fn();
    channel.onClose(closed);
    channel.close();
    channel.close();
    expect([conn.closed, closed.mock.calls.length, channel.isOpen]).toEqual([1, 1, false]);
    await expect(channel.opened).rejects.toThrow(/closed/);
  });

  it('rejects `opened` when the connection fails', async () => {
    const conn = new FakeConnection({ serialization: 'binary' });
    const channel = new PeerChannel(conn);
    conn.fire('error', new Error('ICE failed'));
    await expect(channel.opened).rejects.toThrow(/ICE failed/);
  });
});
