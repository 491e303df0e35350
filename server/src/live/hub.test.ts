import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '@rs/protocol';
import { LocalBus } from '../cluster/bus.ts';
import { Hub, type Connection } from './hub.ts';

function connection(role: 'rep' | 'customer', key: string, got: { encoded: Buffer[]; sent: ServerMessage[] }): Connection {
  return {
    role,
    repId: role === 'rep' ? key : null,
    sessionId: role === 'customer' ? key : null,
    tokenHash: `t-${key}`,
    send: (m) => void got.sent.push(m),
    sendEncoded: (data) => void got.encoded.push(data),
    close: () => undefined,
  };
}

describe('Hub fan-out', () => {
  it('serialises a notice once for every socket it goes to, the customer and the representative alike', () => {
    const hub = new Hub();
    const got = { encoded: [] as Buffer[], sent: [] as ServerMessage[] };
    hub.add(connection('customer', 's1', got));
    hub.add(connection('rep', 'r1', got));
    hub.add(connection('rep', 'r1', got));
    const notice: ServerMessage = { type: 'error', id: null, code: 'bad_message', message: 'x' };
    hub.toCustomer('s1', notice);
    hub.toRep('r1', notice);
    expect(got.sent).toEqual([]);
    expect(got.encoded).toHaveLength(3);
    // The same bytes, not three encodings of them.
    expect(new Set(got.encoded).size).toBe(1);
    expect(JSON.parse(got.encoded[0]!.toString())).toEqual(notice);
  });

  it('still sends the message itself to a connection that takes no encoded frames', () => {
    const hub = new Hub();
    const seen: ServerMessage[] = [];
    hub.add({ role: 'customer', repId: null, sessionId: 's1', tokenHash: 't', send: (m) => void seen.push(m), close: () => undefined });
    const notice: ServerMessage = { type: 'error', id: null, code: 'bad_message', message: 'y' };
    hub.toCustomer('s1', notice);
    expect(seen).toEqual([notice]);
  });

  it('sends a session notice to its customer and representative on every node with one bus message', async () => {
    const bus = new LocalBus();
    const published: unknown[] = [];
    const publish = bus.publish.bind(bus);
    bus.publish = (channel, message) => (published.push(message), publish(channel, message));
    const a = new Hub({ bus });
    const b = new Hub({ bus });
    await a.start();
    await b.start();
    const here = { encoded: [] as Buffer[], sent: [] as ServerMessage[] };
    const there = { encoded: [] as Buffer[], sent: [] as ServerMessage[] };
    a.add(connection('customer', 'session-1', here));
    b.add(connection('rep', 'r1', there));
    b.add(connection('customer', 'session-1', there));
    const notice: ServerMessage = { type: 'error', id: null, code: 'bad_message', message: 'z' };
    a.toSession('session-1', 'r1', notice);
    expect(published).toHaveLength(1);
    expect(here.encoded.map((d) => JSON.parse(d.toString()))).toEqual([notice]);
    expect(there.encoded.map((d) => JSON.parse(d.toString()))).toEqual([notice, notice]);
    await a.stop();
    await b.stop();
  });
});
