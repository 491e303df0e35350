/**
 * Every benchmark's overall deadline: a bench that stops making progress
 * (a browser that never answers, a wait for a state that never comes) fails
 * with a message naming what it was doing, instead of hanging `bench:all`.
 * On expiry the registered cleanups run (each bounded), the reason is
 * printed, and the process exits with status 1 (bench/all.sh then prints
 * the bench's TABLE row as FAILED). `BENCH_DEADLINE_S` overrides the bench's
 * own default, e.g. for the full sizes; `BENCH_ALL_UNTIL` (epoch seconds, set
 * by bench/all.sh for its whole run) ends it earlier when the run's budget ends first.
 */
import { performance } from 'node:perf_hooks';

export interface Deadline {
  /** What the bench is doing now: named in the failure if the deadline passes meanwhile. */
  phase(what: string): void;
  /** Run on expiry (closing browsers, stopping servers), before the exit; at most 15 s for all of them. */
  onExpiry(cleanup: () => unknown): void;
  /** Seconds left before the deadline. */
  secondsLeft(): number;
}

export function benchDeadline(bench: string, defaultSeconds: number): Deadline {
  const own = Number(process.env.BENCH_DEADLINE_S ?? defaultSeconds);
  const runLeft = process.env.BENCH_ALL_UNTIL ? Number(process.env.BENCH_ALL_UNTIL) - Date.now() / 1000 : Infinity;
  const seconds = Math.max(1, Math.round(Math.min(own, runLeft)));
  const why = seconds < own ? `bench/all.sh's budget (BENCH_ALL_SECONDS), ${seconds} s left for it,` : `its deadline of ${seconds} s (BENCH_DEADLINE_S)`;
  const started = performance.now();
  const cleanups: (() => unknown)[] = [];
  let phase = 'starting';
  let phaseAt = started;
  const timer = setTimeout(() => {
    const since = ((performance.now() - phaseAt) / 1000).toFixed(0);
    console.error(`\nbench/${bench}.ts FAILED: ${why} passed while ${phase} (for the last ${since} s)`);
    const all = Promise.allSettled(cleanups.map(async (c) => c()));
    const bound = new Promise((resolve) => setTimeout(resolve, 15_000).unref());
    void Promise.race([all, bound]).then(() => process.exit(1));
  }, seconds * 1000);
  // A bench that finishes is not held open by its deadline.
  timer.unref();
  return {
    phase(what) {
      phase = what;
      phaseAt = performance.now();
    },
    onExpiry(cleanup) {
      cleanups.push(cleanup);
    },
    secondsLeft: () => seconds - (performance.now() - started) / 1000,
  };
}
