import type { DataConnectionLike } from './channel.ts';
import type { DataChannelLike } from './control-lanes.ts';

/** For tests: a raw RTCDataChannel of the screen connection, frames recorded, delivered by the test. */
export class FakeLane implements DataChannelLike {
  readyState: RTCDataChannelState = 'connecting';
  readonly sent: string[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  closed = false;
  readonly label: string;
  readonly init: RTCDataChannelInit;
  constructor(label: string, init: RTCDataChannelInit) {
    this.label = label;
    this.init = init;
  }
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
    this.readyState = 'closed';
  }
  deliver(data: unknown) {
    this.onmessage?.({ data });
  }
}

/** For tests: a PeerJS DataConnection double; events fired by hand, sends and extra lanes recorded. */
export class FakeConnection implements DataConnectionLike {
  open: boolean;
  readonly peer: string;
  readonly serialization: string;
  readonly label = 'screen';
  readonly sent: unknown[] = [];
  readonly lanes: FakeLane[] = [];
  closed = 0;
  readonly #handlers = new Map<string, ((v: never) => void)[]>();
  readonly peerConnection = {
    createDataChannel: (label: string, init: RTCDataChannelInit) => {
      const lane = new FakeLane(label, init);
      this.lanes.push(lane);
      return lane;
    },
  };
  constructor(options: { open?: boolean; peer?: string; serialization?: string } = {}) {
    this.open = options.open ?? false;
    this.peer = options.peer ?? 'remote-peer';
    this.serialization = options.serialization ?? 'json';
  }
  send(data: unknown) {
    this.sent.push(data);
  }
  close() {
    this.closed++;
    this.open = false;
    this.fire('close');
  }
  on(event: string, fn: (v: never) => void) {
    this.#handlers.set(event, [...(this.#handlers.get(event) ?? []), fn]);
  }
  fire(event: string, value?: unknown) {
    for (const fn of this.#handlers.get(event) ?? []) fn(value as never);
  }
}
