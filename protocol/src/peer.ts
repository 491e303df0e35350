import { z } from 'zod';
import { SurfaceSchema } from './permissions.ts';
import { parseTyped, type Parsed } from './parse.ts';
import { ControlInputSchema, UnitSchema } from './native.ts';

/**
 * Messages on the peer-to-peer data connection between the customer and the
 * representative (never through the server). One discriminated union on
 * `type`; features append their own (remote-control input, file transfer).
 * Each side validates every payload it receives with `parsePeerMessage`.
 */

/** either side -> the other, first message on a data connection (notice). */
export const PeerHelloSchema = z.object({ type: z.literal('peer.hello'), v: z.number().int().positive(), role: z.enum(['customer', 'rep']) });

/** customer -> rep notice: what is being shared, as the capturing browser reports it. */
export const ScreenInfoSchema = z.object({
  type: z.literal('screen.info'),
  surface: SurfaceSchema,
  width: z.number().int().nonnegative().max(16384),
  height: z.number().int().nonnegative().max(16384),
  frameRate: z.number().nonnegative().max(1000),
});

/** either side -> the other, latency probe (notice); answered with `peer.pong` carrying the same `t`. */
export const PeerPingSchema = z.object({ type: z.literal('peer.ping'), t: z.number() });
export const PeerPongSchema = z.object({ type: z.literal('peer.pong'), t: z.number() });

/**
 * rep -> customer notice: one remote-control input (pointer move/click/double
 * click/wheel, key press, typed text), coordinates 0..1 of the shared video.
 * It wraps the native host's own message (one shape, in `native.ts`): the
 * customer's extension validates it and hands `input` to its gatekeeper, which
 * forwards it to the host only while the customer's grant is active.
 */
export const ControlMessageSchema = z.object({ type: z.literal('control.input'), input: ControlInputSchema });
export type ControlMessage = z.infer<typeof ControlMessageSchema>;

/**
 * rep -> customer notice: the representative's pointer, 0..1 of the shared
 * video, numbered from 0 per data connection. Sent on the unordered,
 * unreliable move channel (a lost or late move is superseded by the next),
 * and the last of a burst again on the ordered one; the customer applies a
 * move only when its `seq` is above every one applied before.
 */
export const ControlMoveSchema = z.object({
  type: z.literal('control.move'),
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  x: UnitSchema,
  y: UnitSchema,
});
export type ControlMove = z.infer<typeof ControlMoveSchema>;

/**
 * customer -> rep notice: the customer's own mouse or keyboard took over, so the
 * helper holds the representative's input off for a moment (`paused: true`),
 * or the hold-off is over (`paused: false`).
 */
export const ControlPausedSchema = z.object({ type: z.literal('control.paused'), paused: z.boolean() });

/**
 * rep -> customer notice: how the customer's browser should encode the shared
 * screen: `detail` (the default: text stays sharp, the frame rate gives way)
 * or `motion` (the representative watches something move: the frame rate is
 * kept, the resolution gives way).
 */
export const ScreenHintSchema = z.object({ type: z.literal('screen.hint'), hint: z.enum(['detail', 'motion']) });

export const PeerMessageSchema = z.discriminatedUnion('type', [PeerHelloSchema, ScreenInfoSchema, PeerPingSchema, PeerPongSchema, ControlMessageSchema, ControlPausedSchema, ControlMoveSchema, ScreenHintSchema]);
export type PeerMessage = z.infer<typeof PeerMessageSchema>;

/** Largest JSON peer message; PeerJS's `json` serialization fails near 16 KB, bigger payloads need `binary`. */
export const PEER_JSON_MAX_CHARS = 15_000;

const PEER_TYPES = new Set<string>(PeerMessageSchema.options.map((o) => o.shape.type.value));

/** Validates one decoded data-connection payload; never throws. */
export function parsePeerMessage(raw: unknown): Parsed<PeerMessage> {
  return parseTyped(PeerMessageSchema, PEER_TYPES, raw, 'peer message');
}
