import fc from 'fast-check';

/**
 * Hostile inputs for fuzzing every parser at a trust boundary (test and fuzz
 * code only; fast-check is a dev dependency, so nothing at runtime imports
 * this). Each arbitrary covers what an attacker can put in JSON or a
 * structured clone: objects with their own toString/valueOf, `__proto__`,
 * `constructor` and `prototype` keys, deep nesting (up to 100k levels), huge
 * strings, numbers JSON turns into Infinity (1e309), lone surrogates and NUL.
 */

const DEEP = 100_000;
/** `[[[…]]]` and `{"a":{"a":…}}` as text, built once: the deepest nesting a test sends. */
export const deepArrayText = (depth = DEEP) => '['.repeat(depth) + ']'.repeat(depth);
export const deepObjectText = (depth = DEEP) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const deepTexts = [deepArrayText(), deepObjectText(), deepArrayText(1000), `{"type":${deepArrayText(1000)}}`, `{"type":"hello","v":1,"x":${deepObjectText(5000)}}`];
const deepValues = deepTexts.map((t) => JSON.parse(t) as unknown);
// JSON.stringify overflows the stack on these (slowly); their text is known already.
const deepTextOf = new Map<unknown, string>(deepValues.map((v, i) => [v, deepTexts[i]!]));
const DEEP_ARRAY_TEXT = deepTexts[0]!;
const HUGE = 'x'.repeat(2 * 1024 * 1024);

const trickyKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'toJSON', 'hasOwnProperty', 'then', 'type', 'id', 'v', '');
const trickyString = fc.oneof(
  fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\ud800b', '\u202e', '\r\n', '%', '%E0%A4%A', '__proto__', 'hello', 'chat.send', 'OFFER', 'HEARTBEAT', HUGE.slice(0, 70_000)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const trickyNumber = fc.oneof(
  fc.constantFrom(Infinity, -Infinity, NaN, -0, 1e308, Number.MAX_SAFE_INTEGER + 2, -1, 0.5),
  fc.double(),
  fc.integer(),
);

/** A key/value object, sometimes with `__proto__` as an own key (as JSON.parse makes it). */
const objectOf = (value: fc.Arbitrary<unknown>) =>
  fc.array(fc.tuple(fc.oneof(trickyKey, fc.string({ maxLength: 8 })), value), { maxLength: 6 }).map((entries) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    return o;
  });

const shallowValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    trickyString,
    trickyNumber,
    fc.constantFrom(null, undefined, true, false),
    fc.array(tie('v'), { maxLength: 5 }),
    objectOf(tie('v')),
    fc.record({ type: tie('v') }),
  ),
})).v;

/**
 * Any value a decoder can hand a parser (JSON or structured clone), biased
 * towards the hostile ones. The deeply nested ones come only at the top, so a
 * generator never has to serialise one nested in another.
 */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 49, arbitrary: shallowValue }, { weight: 1, arbitrary: fc.constantFrom(...deepValues) });

/** A valid message with one field (or the `type`) replaced by a hostile value, or a hostile key added. */
export const mutated = (valid: readonly Record<string, unknown>[]): fc.Arbitrary<unknown> =>
  fc.tuple(fc.constantFrom(...valid), fc.nat(), fc.oneof(trickyKey, fc.string({ maxLength: 8 })), hostileValue, fc.boolean()).map(([message, pick, key, value, replaceExisting]) => {
    const keys = Object.keys(message);
    const target = replaceExisting && keys.length ? keys[pick % keys.length]! : key;
    const copy: Record<string, unknown> = { ...message };
    Object.defineProperty(copy, target, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  });

/** Serialises a value as an attacker would send it; JSON.stringify's failures (deep nesting, BigInt) become a raw text. */
export function asJsonText(value: unknown): string {
  const deep = deepTextOf.get(value);
  if (deep !== undefined) return deep;
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return DEEP_ARRAY_TEXT;
  }
}

/** Text frames: valid JSON of hostile values, JSON with literals JSON.stringify never writes (1e309, __proto__), and junk. */
export const hostileText = (valid: readonly Record<string, unknown>[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: hostileValue.map(asJsonText) },
    { weight: 6, arbitrary: mutated(valid).map(asJsonText) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(...deepTexts, '', ' ', 'null', '[]', '1e309', '{"type":1e309}', '{"type":{"toString":1}}', '{"__proto__":{"type":"hello"}}', '{"type":"hello","__proto__":{"v":1}}', '{"type":"x"', '\u0000', HUGE),
    },
    {
      weight: 4,
      arbitrary: fc.constantFrom(...valid).chain((m) => {
        const text = asJsonText(m);
        return fc.nat({ max: text.length }).map((cut) => text.slice(0, cut));
      }),
    },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );

/** Bytes for binary surfaces (file frames, native-messaging stdin). */
export const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ minLength: 16, maxLength: 300 }));

const SESSION = 'session_0001';
const PEER = 'a'.repeat(32);
/** Valid messages per surface: each property checks they still parse, and mutates them into hostile ones. */
export const VALID = {
  /** client -> server, live socket. */
  client: [
    { type: 'hello', v: 1 },
    { type: 'chat.send', id: '1', sessionId: SESSION, text: 'hello there' },
    { type: 'session.accept', id: '2', sessionId: SESSION },
    { type: 'session.end', id: '3', sessionId: SESSION, mode: 'close' },
    { type: 'session.leave', id: '4', sessionId: SESSION },
  ],
  /** server -> client, live socket. */
  server: [
    { type: 'error', id: null, code: 'bad_message', message: 'no' },
    { type: 'reply', id: '1' },
    { type: 'incompatible', v: 1, message: 'old' },
  ],
  /** extension -> native host. */
  native: [
    { type: 'hello', id: 'h', v: 1 },
    { type: 'control.grant', id: 'g' },
    { type: 'control.revoke', id: 'r' },
    { type: 'pointer.move', x: 0.5, y: 0.25 },
    { type: 'pointer.click', x: 0.5, y: 0.5, button: 'left' },
    { type: 'key.type', text: 'hi' },
    { type: 'watermark.show', id: 'w', repName: 'Ada' },
  ],
  /** host -> extension. */
  host: [
    { type: 'helloResponse', id: 'h', v: 1, hostVersion: '0.1.0', platform: 'linux' },
    { type: 'ok', id: 'g' },
    { type: 'control.localInput' },
  ],
  /** peer data channel (JSON serialisation). */
  peer: [
    { type: 'peer.hello', v: 1, role: 'customer' },
    { type: 'peer.ping', t: 12 },
    { type: 'peer.pong', t: 12 },
    { type: 'control.paused', paused: true },
    { type: 'control.move', seq: 3, x: 0.5, y: 0.25 },
    { type: 'screen.hint', hint: 'motion' },
  ],
  /** PeerJS client -> server, signalling socket. */
  peerjs: [
    { type: 'HEARTBEAT' },
    { type: 'OFFER', dst: PEER, payload: { sdp: { type: 'offer', sdp: 'v=0' }, type: 'data', connectionId: 'dc_1', label: 'chat', serialization: 'json', reliable: true } },
    { type: 'ANSWER', dst: PEER, payload: { sdp: { type: 'answer', sdp: 'v=0' }, type: 'data', connectionId: 'dc_1' } },
    { type: 'CANDIDATE', dst: PEER, payload: { candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 }, type: 'data', connectionId: 'dc_1' } },
  ],
} as const satisfies Record<string, readonly Record<string, unknown>[]>;
