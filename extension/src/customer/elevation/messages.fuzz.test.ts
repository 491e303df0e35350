import fc from 'fast-check';
import { expect, it } from 'vitest';
import { ERROR_CODES, type Parsed } from '@rs/protocol';
import { hostileValue, mutated } from '@rs/protocol/fuzz-values';
import { parsePanelMessage, parseResumeMessage } from './messages.ts';

/** Runtime messages between the customer extension's pages and its worker: hostile values get typed errors, never a throw. */
const SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)) });
const TIMEOUT_MS = 60_000;

const panel = [
  { kind: 'elevation.get' },
  { kind: 'elevation.held', serverUrl: 'https://support.example.com', repName: 'Ada', watermark: true },
  { kind: 'elevation.released' },
];
const resume = [
  { kind: 'elevation.resume', held: null },
  { kind: 'elevation.resume', held: { serverUrl: 'https://support.example.com', repName: 'Ada', watermark: false } },
];

const typed = (result: Parsed<unknown>) => result.ok || Object.keys(ERROR_CODES).includes(result.error.code);

for (const [name, parse, valid] of [
  ['panel -> worker', parsePanelMessage, panel],
  ['worker -> page (resume)', parseResumeMessage, resume],
] as const) {
  it(`${name}: valid messages parse, hostile ones get typed errors`, () => {
    for (const m of valid) expect(parse(structuredClone(m)).ok).toBe(true);
    fc.assert(fc.property(fc.oneof(hostileValue, mutated(valid)), (raw) => typed(parse(raw))), runs(10_000));
  }, TIMEOUT_MS);
}
