import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseClientMessage, parseServerMessage } from './socket.ts';
import { parseExtensionToHost, parseHostToExtension } from './native.ts';
import { parsePeerMessage } from './peer.ts';
import { describeValue, parseWith } from './parse.ts';

// Values an attacker can put in JSON (or a structured clone) that broke error messages or schemas before.
const hostileTypes: unknown[] = [
  { toString: 1 },
  { toString: 'x', valueOf: 'y' },
  { valueOf: {} },
  JSON.parse('{"__proto__":{"toString":1}}'),
  Object.create(null),
  [{ toString: 1 }],
];

describe('every parser describes any `type` without throwing', () => {
  for (const type of hostileTypes) {
    const label = JSON.stringify(type);
    it(`live socket, type ${label}`, () => {
      const result = parseClientMessage(JSON.stringify({ type }));
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_type' } });
      expect(parseServerMessage(JSON.stringify({ type }))).toMatchObject({ ok: false, error: { code: 'unknown_type' } });
    });
    it(`native host and peer channel, type ${label}`, () => {
      expect(parseExtensionToHost({ type, id: '1' })).toMatchObject({ ok: false, error: { code: 'unknown_type' } });
      expect(parseHostToExtension({ type })).toMatchObject({ ok: false, error: { code: 'unknown_type' } });
      expect(parsePeerMessage({ type })).toMatchObject({ ok: false, error: { code: 'unknown_type' } });
    });
  }

  it('the exact frame from the issue: {"type":{"toString":1}}', () => {
    expect(parseClientMessage('{"type":{"toString":1}}')).toEqual({
      ok: false,
      error: { code: 'unknown_type', message: 'unknown message type (an object)' },
    });
  });
});

describe('describeValue', () => {
  it('names strings (quoted, cut short) and every other kind by its kind', () => {
    expect(describeValue('chat.send')).toBe('"chat.send"');
    expect(describeValue('x'.repeat(500)).length).toBeLessThanOrEqual(82);
    expect(describeValue({ toString: () => { throw new Error('no'); } })).toBe('(an object)');
    expect(describeValue(null)).toBe('(null)');
    expect(describeValue(undefined)).toBe('(missing)');
    expect(describeValue([1])).toBe('(an array)');
    expect(describeValue(12)).toBe('(a number)');
    expect(describeValue('\ud800')).toBe('"\\ud800"');
  });
});

describe('parseWith never throws', () => {
  it('turns a throwing schema (a refinement, a getter) into a typed error', () => {
    const schema = z.object({ a: z.string() }).refine(() => {
      throw new Error('boom');
    });
    expect(parseWith(schema, { a: 'x' })).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    const getter = { get type() { throw new Error('getter'); } };
    expect(parsePeerMessage(getter)).toMatchObject({ ok: false });
    expect(parseExtensionToHost(getter)).toMatchObject({ ok: false });
  });
  it('answers a proxy that throws on every trap with a typed error', () => {
    const trap = () => {
      throw new Error('trap');
    };
    const proxy = new Proxy({}, { get: trap, has: trap, ownKeys: trap, getPrototypeOf: trap, getOwnPropertyDescriptor: trap });
    expect(parsePeerMessage(proxy)).toMatchObject({ ok: false });
    expect(parseWith(z.object({ a: z.string() }), proxy)).toMatchObject({ ok: false });
  });
});
