import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * Where the host's start-up time goes, for the benchmark: named marks in ms
 * since the process began (`performance.now()`), shared between the single
 * executable's launcher and the host it runs (two bundles, one global array).
 * Printed to stderr as one line only when ORS_HOST_TRACE=1; otherwise a mark
 * costs one array push and nothing is written.
 */
type Marks = Array<[string, number]>;
const KEY = Symbol.for('open-remote-support.startup-trace');
const marks = ((globalThis as Record<symbol, Marks | undefined>)[KEY] ??= []);

export function mark(name: string): void {
  if (marks.length < 32) marks.push([name, performance.now()]);
}

/**
 * Writes the marks so far (ORS_HOST_TRACE=1 only): `ors-host-trace {"origin":<epoch ms>,"marks":[[name, ms], ...]}`
 * to stderr, and appended to the file ORS_HOST_TRACE_FILE names, if any (a browser does not show the host's stderr).
 */
export function flushTrace(): void {
  if (process.env.ORS_HOST_TRACE !== '1') return;
  const line = `ors-host-trace ${JSON.stringify({ pid: process.pid, origin: performance.timeOrigin, marks })}\n`;
  process.stderr.write(line);
  try {
    if (process.env.ORS_HOST_TRACE_FILE) appendFileSync(process.env.ORS_HOST_TRACE_FILE, line);
  } catch {
    // A trace that cannot be written must not stop the host.
  }
}
