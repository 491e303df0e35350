import { parsePeerMessage, type ControlInput, type ControlMove } from '@rs/protocol';
import type { PeerChannel } from './channel.ts';

/**
 * Remote-control input on two lanes of the customer's screen connection:
 * pointer moves on an unordered channel with no retransmits (a lost or late
 * move is worth nothing once the next one is out, and must never hold up the
 * ones after it), clicks, wheel and keys on the ordered, reliable connection
 * itself. The move lane is a negotiated data channel (the same id on both
 * sides, no signalling) added to the screen connection's own
 * RTCPeerConnection, so it reaches exactly the peer the screen connection
 * does: the representative's server-issued peer of this session, over the
 * same DTLS association.
 */
export const MOVE_LANE = { negotiated: true, id: 100, ordered: false, maxRetransmits: 0 } as const satisfies RTCDataChannelInit;
/** After this long without a move, the last one goes again on the ordered lane (in case the unreliable one was lost). */
export const MOVE_SETTLE_MS = 60;
/** No move frame is longer than this; anything bigger is dropped unread. */
const MOVE_FRAME_MAX_CHARS = 200;

/** The part of an RTCDataChannel a lane uses (a fake in tests). */
export interface DataChannelLike {
  readonly readyState: RTCDataChannelState;
  send(data: string): void;
  close(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}
interface PeerConnectionLike {
  createDataChannel(label: string, init: RTCDataChannelInit): DataChannelLike;
}

function openMoveLane(channel: PeerChannel): DataChannelLike | null {
  const pc = channel.peerConnection as PeerConnectionLike | null;
  if (!pc || typeof pc.createDataChannel !== 'function') return null;
  try {
    return pc.createDataChannel('control.moves', { ...MOVE_LANE });
  } catch {
    // A connection already closing: the ordered lane carries everything.
    return null;
  }
}

type SetTimer = (fn: () => void, ms: number) => () => void;
const browserTimer: SetTimer = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

/** The representative's side: numbers each move and picks its lane. */
export class ControlSender {
  readonly #channel: PeerChannel;
  readonly #lane: DataChannelLike | null;
  readonly #setTimer: SetTimer;
  #seq = 0;
  /** The last move sent on the move lane and not yet repeated on the ordered one. */
  #unsettled: ControlMove | null = null;
  #cancelSettle: (() => void) | null = null;

  constructor(channel: PeerChannel, options: { setTimer?: SetTimer } = {}) {
    this.#channel = channel;
    this.#setTimer = options.setTimer ?? browserTimer;
    this.#lane = openMoveLane(channel);
    channel.onClose(() => this.close());
  }

  /** Sends one input; false when the connection is not open. */
  send(input: ControlInput): boolean {
    if (!this.#channel.isOpen) return false;
    if (input.type === 'pointer.move') {
      const move: ControlMove = { type: 'control.move', seq: this.#seq++, x: input.x, y: input.y };
      if (this.#lane?.readyState !== 'open') {
        this.#channel.send(move);
        return true;
      }
      this.#lane.send(JSON.stringify(move));
      this.#unsettled = move;
      this.#cancelSettle?.();
      this.#cancelSettle = this.#setTimer(() => this.#settle(), MOVE_SETTLE_MS);
      return true;
    }
    // The burst's last position first, so nothing of it can land after this input.
    this.#settle();
    this.#channel.send({ type: 'control.input', input });
    return true;
  }

  /** Idempotent; the screen connection's close closes it too. */
  close(): void {
    this.#cancelSettle?.();
    this.#cancelSettle = null;
    this.#unsettled = null;
    this.#lane?.close();
  }

  #settle(): void {
    this.#cancelSettle?.();
    this.#cancelSettle = null;
    const move = this.#unsettled;
    this.#unsettled = null;
    if (move && this.#channel.isOpen) this.#channel.send(move);
  }
}

/**
 * The customer's side: every frame of both lanes parsed with the peer schema;
 * a move is passed on only when it is newer than every move passed on before
 * (the lanes do not keep order between them, and the move lane not even
 * within itself), clicks and keys as they come.
 */
export class ControlReceiver {
  readonly #lane: DataChannelLike | null;
  readonly #onInput: (input: ControlInput) => void;
  readonly #off: () => void;
  #lastSeq = -1;
  #closed = false;

  constructor(channel: PeerChannel, onInput: (input: ControlInput) => void) {
    this.#onInput = onInput;
    this.#lane = openMoveLane(channel);
    this.#off = channel.onMessage((message) => {
      if (message.type === 'control.input') this.#deliver(message.input);
      else if (message.type === 'control.move') this.#move(message);
    });
    if (this.#lane) this.#lane.onmessage = (event) => this.#frame(event.data);
    channel.onClose(() => this.close());
  }

  /** Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#off();
    if (this.#lane) {
      this.#lane.onmessage = null;
      this.#lane.close();
    }
  }

  #frame(data: unknown): void {
    if (typeof data !== 'string' || data.length > MOVE_FRAME_MAX_CHARS) return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = parsePeerMessage(raw);
    // Only moves travel this lane: a click or a key lost here would be lost for good.
    if (parsed.ok && parsed.value.type === 'control.move') this.#move(parsed.value);
  }

  #move(move: ControlMove): void {
    if (move.seq <= this.#lastSeq) return;
    this.#lastSeq = move.seq;
    this.#deliver({ type: 'pointer.move', x: move.x, y: move.y });
  }

  #deliver(input: ControlInput): void {
    if (!this.#closed) this.#onInput(input);
  }
}
