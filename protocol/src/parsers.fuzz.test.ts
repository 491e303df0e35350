import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as protocol from './index.ts';
import { ERROR_CODES, type Parsed } from './index.ts';
import { hostileBytes, hostileText, hostileValue, mutated, VALID } from './fuzz-values.ts';

/**
 * Every parser at a trust boundary, fed hostile input: it returns a typed
 * result (ok, or an error with a known code) and never throws, and the valid
 * messages still parse. About 20,000 inputs per surface in all (FUZZ_RUNS
 * scales it; `npm run fuzz` drives the real processes with far more).
 */
const SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)) });
// Generous: a shared 2-core machine can be slow, and a fuzz run is bounded by its number of inputs anyway.
const TIMEOUT_MS = 60_000;

function typed(result: Parsed<unknown>): boolean {
  if (result.ok) return true;
  expect(Object.keys(ERROR_CODES)).toContain(result.error.code);
  expect(typeof result.error.message).toBe('string');
  expect(result.error.message.length).toBeLessThanOrEqual(2000);
  return true;
}

// [surface, parser, valid messages, inputs]: a surface's directions share its ~20,000.
const textSurfaces: ReadonlyArray<readonly [string, (text: string) => Parsed<unknown>, readonly Record<string, unknown>[], number]> = [
  ['live socket (client -> server)', protocol.parseClientMessage, VALID.client, 10_000],
  ['live socket (server -> client)', protocol.parseServerMessage, VALID.server, 10_000],
  ['PeerJS signalling socket', protocol.parsePeerjsClientFrame, VALID.peerjs, 20_000],
] as const;
const valueSurfaces: ReadonlyArray<readonly [string, (raw: unknown) => Parsed<unknown>, readonly Record<string, unknown>[], number]> = [
  ['native host (extension -> host)', protocol.parseExtensionToHost, VALID.native, 10_000],
  ['native host (host -> extension)', protocol.parseHostToExtension, VALID.host, 10_000],
  ['peer data channel', protocol.parsePeerMessage, VALID.peer, 15_000],
  ['remote control input (peer data channel)', protocol.parseControlInput, VALID.native.filter((m) => /^(pointer|key)\./.test(m.type)), 5_000],
] as const;

describe('text parsers never throw and answer typed errors', () => {
  for (const [name, parse, valid, inputs] of textSurfaces) {
    it(`${name}: valid messages parse`, () => {
      for (const m of valid) expect(parse(JSON.stringify(m)), JSON.stringify(m)).toMatchObject({ ok: true });
    });
    it(`${name}: hostile text`, () => {
      fc.assert(fc.property(hostileText(valid), (text) => typed(parse(text))), runs(inputs));
    }, TIMEOUT_MS);
  }
});

describe('decoded-value parsers never throw and answer typed errors', () => {
  for (const [name, parse, valid, inputs] of valueSurfaces) {
    it(`${name}: valid messages parse`, () => {
      for (const m of valid) expect(parse(structuredClone(m)), JSON.stringify(m)).toMatchObject({ ok: true });
    });
    it(`${name}: hostile values and mutated messages`, () => {
      fc.assert(fc.property(fc.oneof(hostileValue, mutated(valid)), (value) => typed(parse(value))), runs(inputs));
    }, TIMEOUT_MS);
  }

  it('file frames (binary data channel): any bytes, any value', () => {
    fc.assert(
      fc.property(fc.oneof(hostileBytes, hostileBytes.map((b) => b.buffer), hostileValue), (raw) => typed(protocol.decodeFileFrame(raw))),
      runs(20_000),
    );
  }, TIMEOUT_MS);
});

describe('every protocol schema (REST bodies, params, runtime messages) through parseWith', () => {
  const schemas = Object.entries(protocol as Record<string, unknown>).filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType);

  it('finds the schemas to fuzz', () => {
    expect(schemas.length).toBeGreaterThan(50);
  });

  it('answers any hostile value with a typed result', () => {
    fc.assert(
      fc.property(fc.constantFrom(...schemas), hostileValue, ([, schema], value) => typed(protocol.parseWith(schema, value))),
      runs(20_000),
    );
  }, TIMEOUT_MS);
});
