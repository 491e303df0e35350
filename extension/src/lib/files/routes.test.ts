import { describe, expect, it } from 'vitest';
import { decodeFileFrame, encodeFileFrame, FILE_CHUNK_BYTES, FILE_WINDOW_CHUNKS } from '@rs/protocol';
import { PeerChannel, type DataChannelLike, type DataConnectionLike } from '../peer/channel.ts';
import { WindowAssembler, sha256Hex } from './chunks.ts';
import { sendP2P, uploadRelay, type P2PSend } from './routes.ts';

/** An RTCDataChannel's send queue: grows with each send, drains a little at a time, fires `bufferedamountlow`. */
class FakeQueue implements DataChannelLike {
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  max = 0;
  readonly #low = new Set<() => void>();
  push(bytes: number, deliver: () => void) {
    this.bufferedAmount += bytes;
    this.max = Math.max(this.max, this.bufferedAmount);
    setTimeout(() => {
      const before = this.bufferedAmount;
      this.bufferedAmount -= bytes;
      deliver();
      if (before > this.bufferedAmountLowThreshold && this.bufferedAmount <= this.bufferedAmountLowThreshold) for (const fn of [...this.#low]) fn();
    }, 0);
  }
  addEventListener(_: 'bufferedamountlow', fn: () => void) {
    this.#low.add(fn);
  }
  removeEventListener(_: 'bufferedamountlow', fn: () => void) {
    this.#low.delete(fn);
  }
}

/** The receiving side, across connections: a WindowAssembler, one acknowledgement per verified window. */
class Receiver {
  readonly assembler: WindowAssembler;
  acks = 0;
  chunks = 0;
  resumedFrom: number[] = [];
  constructor(size: number) {
    this.assembler = new WindowAssembler(size);
  }
}

/** A data connection whose far end is `receiver`; it can break after `breakAfter` chunks. */
class LoopConnection implements DataConnectionLike {
  open = false;
  readonly peer = 'receiver';
  readonly serialization = 'raw';
  readonly dataChannel = new FakeQueue();
  readonly #handlers = new Map<string, ((v: never) => void)[]>();
  #chunks = 0;
  readonly receiver: Receiver;
  readonly breakAfter: number;

  constructor(receiver: Receiver, breakAfter = Infinity, opens = true) {
    this.receiver = receiver;
    this.breakAfter = breakAfter;
    if (opens) setTimeout(() => ((this.open = true), this.fire('open')), 1);
  }
  on(event: string, fn: (v: never) => void) {
    this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), fn]);
  }
  fire(event: string, value?: unknown) {
    for (const fn of this.#handlers.get(event) ?? []) fn(value as never);
  }
  close() {
    if (!this.open) return;
    this.open = false;
    this.fire('close');
  }
  #reply(frame: Parameters<typeof encodeFileFrame>[0]) {
    if (this.open) this.fire('data', encodeFileFrame(frame).buffer);
  }
  send(data: Uint8Array) {
    if (!this.open) throw new Error('send on a closed channel');
    this.dataChannel.push(data.byteLength, () => this.#deliver(data));
  }
  #deliver(data: Uint8Array) {
    if (!this.open) return;
    const frame = decodeFileFrame(data);
    if (!frame.ok) throw new Error(frame.error.message);
    const m = frame.value;
    const r = this.receiver;
    if (m.type === 'file.start') {
      void r.assembler.resume().then((seq) => {
        r.resumedFrom.push(seq);
        this.#reply({ type: 'file.resume', transferId: m.transferId, seq });
      });
    } else if (m.type === 'file.chunk') {
      if (++this.#chunks > this.breakAfter) return this.close();
      r.chunks++;
      r.assembler.add(m.seq, m.data);
    } else if (m.type === 'file.window') {
      void r.assembler.closeWindow(m.seq, m.sha256).then((kept) => {
        if (!kept) return;
        r.acks++;
        this.#reply({ type: 'file.ack', transferId: m.transferId, seq: m.seq });
      });
    }
  }
}

const id = 'f'.repeat(32);
const bytes = (n: number) => new Uint8Array(n).map((_, i) => (i * 31 + (i >> 10)) % 256);
const options = (data: Uint8Array, connect: () => PeerChannel, extra: Partial<P2PSend> = {}): P2PSend => ({
  connect,
  transferId: id,
  file: new Blob([data as BlobPart]),
  progress: () => {},
  openTimeoutMs: 1000,
  active: () => true,
  ...extra,
});

describe('sendP2P', () => {
  it('sends every chunk with no round trip per chunk: the queue stays under its high-water mark, one acknowledgement per window', async () => {
    const data = bytes(FILE_CHUNK_BYTES * 70 + 123);
    const receiver = new Receiver(data.length);
    const conn = new LoopConnection(receiver);
    const seen: number[] = [];
    await sendP2P(options(data, () => new PeerChannel(conn), { progress: (b) => seen.push(b) }));
    expect(receiver.assembler.complete).toBe(true);
    expect(await sha256Hex(receiver.assembler.blob())).toBe(await sha256Hex(data));
    expect(receiver.acks).toBe(Math.ceil(71 / FILE_WINDOW_CHUNKS));
    expect(conn.dataChannel.max).toBeLessThanOrEqual(4 * 1024 * 1024 + FILE_CHUNK_BYTES + 64);
    expect(seen.at(-1)).toBe(data.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  it('resumes on a new connection from the last verified window when one breaks, resending less than the file', async () => {
    const data = bytes(FILE_CHUNK_BYTES * 40 + 5);
    const receiver = new Receiver(data.length);
    const connections = [new LoopConnection(receiver, 21), new LoopConnection(receiver, 13), new LoopConnection(receiver)];
    let resuming = 0;
    let sent = 0;
    const seen: number[] = [];
    await sendP2P(options(data, () => new PeerChannel(connections.shift()!), { resuming: () => resuming++, sent: (b) => (sent += b), progress: (b) => seen.push(b) }));
    expect(connections).toHaveLength(0);
    expect(resuming).toBe(2);
    expect(receiver.resumedFrom[0]).toBe(0);
    expect(receiver.resumedFrom[1]! % FILE_WINDOW_CHUNKS).toBe(0);
    expect(receiver.resumedFrom[1]).toBeGreaterThanOrEqual(8);
    expect(receiver.resumedFrom[2]).toBeGreaterThan(receiver.resumedFrom[1]!);
    expect(await sha256Hex(receiver.assembler.blob())).toBe(await sha256Hex(data));
    expect(sent - data.length).toBeLessThan(data.length);
    expect(seen.at(-1)).toBe(data.length);
  });

  it('does not resume a transfer that was withdrawn, nor one whose first connection never opened (the caller uses the relay)', async () => {
    const data = bytes(FILE_CHUNK_BYTES * 30);
    const receiver = new Receiver(data.length);
    let live = true;
    let connects = 0;
    const conn = new LoopConnection(receiver, 12);
    const withdrawn = sendP2P(options(data, () => (connects++, new PeerChannel(conn)), { active: () => live, resuming: () => (live = false) }));
    await expect(withdrawn).rejects.toThrow(/closed/);
    expect(connects).toBe(1);
    const never = new LoopConnection(new Receiver(10), Infinity, false);
    await expect(sendP2P({ ...options(bytes(10), () => new PeerChannel(never)), openTimeoutMs: 50 })).rejects.toThrow(/did not happen within 50 ms/);
  });

  it('gives up at once (for the relay) on a receiver that opens but never answers file.start, without retrying', async () => {
    const data = bytes(FILE_CHUNK_BYTES * 3);
    let connects = 0;
    const mute = () => {
      connects++;
      const conn = new LoopConnection(new Receiver(data.length));
      conn.send = () => {};
      return new PeerChannel(conn);
    };
    await expect(sendP2P({ ...options(data, mute), answerTimeoutMs: 50 })).rejects.toThrow(expect.objectContaining({ code: 'incompatible' }));
    expect(connects).toBe(1);
  });

  it('refuses a receiver that asks to resume past the end or acknowledges what was not sent', async () => {
    const data = bytes(FILE_CHUNK_BYTES * 3);
    for (const reply of [(seq: number) => ({ type: 'file.resume' as const, seq: seq + 1000 }), () => ({ type: 'file.ack' as const, seq: 2 })]) {
      const conn = new LoopConnection(new Receiver(data.length));
      const original = conn.send.bind(conn);
      conn.send = (raw: Uint8Array) => {
        const m = decodeFileFrame(raw);
        if (m.ok && m.value.type === 'file.start') {
          if (reply(0).type === 'file.ack') conn.fire('data', encodeFileFrame({ type: 'file.resume', transferId: id, seq: 0 }).buffer);
          conn.fire('data', encodeFileFrame({ transferId: id, ...reply(0) }).buffer);
          return;
        }
        original(raw);
      };
      await expect(sendP2P(options(data, () => new PeerChannel(conn)))).rejects.toThrow(expect.objectContaining({ code: 'bad_message' }));
    }
  });
});

describe('uploadRelay', () => {
  const target = { serverUrl: 'http://relay.test', token: 't' };
  const RELAY = 512 * 1024;

  /** The relay's rule: chunks in order, a repeat of the last one acknowledged again; some requests lose their answer. */
  function fakeRelay(lose: (seq: number, attempt: number) => 'before' | 'after' | null) {
    const stored: number[] = [];
    const attempts = new Map<number, number>();
    const fetch = async (url: string) => {
      const seq = Number(url.split('/').pop());
      const attempt = attempts.get(seq) ?? 0;
      attempts.set(seq, attempt + 1);
      const drop = lose(seq, attempt);
      if (drop === 'before') throw new TypeError('Failed to fetch');
      if (seq === stored.length - 1) return new Response('{}');
      if (seq !== stored.length) return new Response(JSON.stringify({ error: { code: 'conflict', message: `expected chunk ${stored.length}` } }), { status: 409 });
      stored.push(seq);
      if (drop === 'after') throw new TypeError('Failed to fetch');
      return new Response('{}');
    };
    return { stored, fetch };
  }

  it('sends a chunk again when its request was lost on the way, before or after the relay took it, and goes on from there', async () => {
    const relay = fakeRelay((seq, attempt) => (seq === 1 && attempt === 0 ? 'before' : seq === 2 && attempt < 2 ? 'after' : null));
    const real = globalThis.fetch;
    globalThis.fetch = relay.fetch as typeof fetch;
    let retries = 0;
    const seen: number[] = [];
    try {
      const data = bytes(RELAY * 3 + 10);
      await uploadRelay(target, 's1', id, new Blob([data as BlobPart]), (b) => seen.push(b), () => true, () => retries++);
      expect(relay.stored).toEqual([0, 1, 2, 3]);
      expect(retries).toBe(2);
      expect(seen.at(-1)).toBe(data.length);
    } finally {
      globalThis.fetch = real;
    }
  });

  it('stops on a refusal, and after the retries are used up', async () => {
    const real = globalThis.fetch;
    try {
      globalThis.fetch = (async () => new Response(JSON.stringify({ error: { code: 'invalid_state', message: 'the transfer is cancelled' } }), { status: 409 })) as typeof fetch;
      await expect(uploadRelay(target, 's1', id, new Blob([bytes(10) as BlobPart]), () => {}, () => true)).rejects.toThrow(/cancelled/);
      globalThis.fetch = fakeRelay(() => 'before').fetch as typeof fetch;
      await expect(uploadRelay(target, 's1', id, new Blob([bytes(10) as BlobPart]), () => {}, () => true)).rejects.toThrow(/Failed to fetch/);
    } finally {
      globalThis.fetch = real;
    }
  }, 20_000);
});
