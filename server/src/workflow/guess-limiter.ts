/**
 * Counts wrong session-key guesses per address and per key value, and locks
 * either out after `maxGuesses` failures within `lockoutMs` (the lock then
 * lasts `lockoutMs` from the last failure). In memory: one node's view, bounded.
 */
export class GuessLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #locks = new Map<string, number>();
  readonly #maxGuesses: number;
  readonly #lockoutMs: number;
  readonly #now: () => number;
  readonly #maxEntries: number;

  constructor(options: { maxGuesses: number; lockoutMs: number; now?: () => number; maxEntries?: number }) {
    this.#maxGuesses = options.maxGuesses;
    this.#lockoutMs = options.lockoutMs;
    this.#now = options.now ?? Date.now;
    this.#maxEntries = options.maxEntries ?? 50_000;
  }

  /** Milliseconds until `subject` may guess again; 0 when it is not locked out. */
  lockedFor(subject: string): number {
    const until = this.#locks.get(subject) ?? 0;
    const left = until - this.#now();
    if (left > 0) return left;
    this.#locks.delete(subject);
    return 0;
  }

  fail(...subjects: string[]): void {
    const now = this.#now();
    for (const subject of subjects) {
      const recent = this.#recent(subject);
      recent.push(now);
      this.#failures.delete(subject);
      this.#failures.set(subject, recent.slice(-this.#maxGuesses));
      if (recent.length >= this.#maxGuesses) {
        this.#locks.set(subject, now + this.#lockoutMs);
        this.#failures.delete(subject);
      }
    }
    while (this.#locks.size > this.#maxEntries) this.#locks.delete(this.#locks.keys().next().value!);
    // Oldest subjects go first when the table is full (Map keeps insertion order).
    while (this.#failures.size > this.#maxEntries) this.#failures.delete(this.#failures.keys().next().value!);
  }

  #recent(subject: string): number[] {
    const since = this.#now() - this.#lockoutMs;
    const recent = (this.#failures.get(subject) ?? []).filter((t) => t > since);
    if (recent.length === 0) this.#failures.delete(subject);
    return recent;
  }
}
