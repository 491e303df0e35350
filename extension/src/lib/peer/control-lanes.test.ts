import { describe, expect, it } from 'vitest';
import type { ControlInput } from '@rs/protocol';
import { PeerChannel } from './channel.ts';
import { ControlReceiver, ControlSender, MOVE_LANE } from './control-lanes.ts';
import { FakeConnection } from './fake-connection.ts';

function sender() {
  const conn = new FakeConnection({ open: true, peer: 'rep-peer' });
  const timers: Array<() => void> = [];
  const control = new ControlSender(new PeerChannel(conn), {
    setTimer: (fn) => {
      timers.push(fn);
      return () => timers.splice(timers.indexOf(fn) >>> 0, 1);
    },
  });
  return { conn, lane: conn.lanes[0]!, control, timers };
}
function receiver() {
  const conn = new FakeConnection({ open: true, peer: 'rep-peer' });
  const got: ControlInput[] = [];
  const control = new ControlReceiver(new PeerChannel(conn), (input) => got.push(input));
  return { conn, lane: conn.lanes[0]!, control, got };
}
const move = (x: number): ControlInput => ({ type: 'pointer.move', x, y: 0.5 });

describe('ControlSender (the console)', () => {
  it('opens the move lane unordered, with no retransmits, on the screen connection', () => {
    const { lane } = sender();
    expect(lane.init).toEqual({ negotiated: true, id: MOVE_LANE.id, ordered: false, maxRetransmits: 0 });
    expect(MOVE_LANE).toMatchObject({ ordered: false, maxRetransmits: 0 });
  });

  it('sends moves on the move lane once it is open, clicks and keys on the ordered connection', () => {
    const { conn, lane, control } = sender();
    expect(control.send(move(0.1))).toBe(true);
    // Not open yet: the ordered connection carries it.
    expect(conn.sent).toEqual([{ type: 'control.move', seq: 0, x: 0.1, y: 0.5 }]);
    lane.readyState = 'open';
    control.send(move(0.2));
    control.send(move(0.3));
    expect(lane.sent.map((s) => JSON.parse(s))).toEqual([
      { type: 'control.move', seq: 1, x: 0.2, y: 0.5 },
      { type: 'control.move', seq: 2, x: 0.3, y: 0.5 },
    ]);
    control.send({ type: 'pointer.click', x: 0.3, y: 0.5, button: 'left' });
    control.send({ type: 'key.type', text: 'hi' });
    // The last move of the burst goes again on the ordered connection, before the click.
    expect(conn.sent.slice(1)).toEqual([
      { type: 'control.move', seq: 2, x: 0.3, y: 0.5 },
      { type: 'control.input', input: { type: 'pointer.click', x: 0.3, y: 0.5, button: 'left' } },
      { type: 'control.input', input: { type: 'key.type', text: 'hi' } },
    ]);
    expect(lane.sent).toHaveLength(2);
  });

  it('repeats the last move of a burst on the ordered connection when the burst ends, so a lost one is made good', () => {
    const { conn, lane, control, timers } = sender();
    lane.readyState = 'open';
    for (let i = 1; i <= 5; i++) control.send(move(i / 10));
    expect(timers).toHaveLength(1);
    timers.splice(0).forEach((fn) => fn());
    expect(conn.sent).toEqual([{ type: 'control.move', seq: 4, x: 0.5, y: 0.5 }]);
  });

  it('refuses to send once the connection is closed, and closes the lane with it', () => {
    const { conn, lane, control } = sender();
    conn.close();
    expect(control.send(move(0.1))).toBe(false);
    expect(lane.closed).toBe(true);
  });
});

describe('ControlReceiver (the customer)', () => {
  it('applies only the newest move, from either path, and passes clicks and keys in order', () => {
    const { conn, lane, got } = receiver();
    lane.deliver(JSON.stringify({ type: 'control.move', seq: 2, x: 0.2, y: 0.5 }));
    // Late, and a repeat: both superseded.
    lane.deliver(JSON.stringify({ type: 'control.move', seq: 1, x: 0.1, y: 0.5 }));
    conn.fire('data', { type: 'control.move', seq: 2, x: 0.2, y: 0.5 });
    conn.fire('data', { type: 'control.move', seq: 3, x: 0.3, y: 0.5 });
    conn.fire('data', { type: 'control.input', input: { type: 'pointer.click', x: 0.3, y: 0.5, button: 'left' } });
    expect(got).toEqual([move(0.2), move(0.3), { type: 'pointer.click', x: 0.3, y: 0.5, button: 'left' }]);
  });

  it('parses every frame of the move lane: anything but a well-formed move is dropped', () => {
    const { lane, got } = receiver();
    for (const bad of [
      '{"type":"control.input","input":{"type":"key.type","text":"rm -rf /"}}',
      '{"type":"control.move","seq":1,"x":7,"y":0}',
      '{"type":"control.move","seq":"1","x":0,"y":0}',
      'not json',
      '['.repeat(100_000),
      new ArrayBuffer(8),
      42,
    ])
      lane.deliver(bad);
    expect(got).toEqual([]);
    lane.deliver('{"type":"control.move","seq":0,"x":0,"y":1}');
    expect(got).toEqual([{ type: 'pointer.move', x: 0, y: 1 }]);
  });

  it('delivers nothing after close', () => {
    const { lane, control, got } = receiver();
    control.close();
    lane.deliver('{"type":"control.move","seq":0,"x":0,"y":1}');
    expect(got).toEqual([]);
    expect(lane.closed).toBe(true);
  });
});
