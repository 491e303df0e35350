import type { Store } from './store.ts';

/** The failure a `FaultyStore` throws: a store that broke between two writes (disk full, connection lost). */
export class InjectedFault extends Error {
  readonly call: string;
  constructor(call: string) {
    super(`injected store failure at ${call}`);
    this.call = call;
    this.name = 'InjectedFault';
  }
}

/** Fail the Nth store write counted from `arm` (1 = the first), or the first call of a named method (`'appendEvent'`, `'workflow.setRoute'`). */
export type FaultPlan = { at: number } | { method: string };

/** Store methods that write, by name (reads are never counted, so work after the commit, which reads, is not hit). */
const WRITE = /^(create|append|set|transition|use|issue|delete|update|finish|add|remove|revoke|save|put|upsert|mark|claim|forget|clear|release|count)/;

/** Sub-stores whose methods are counted too, named `<sub>.<method>`. */
const SUBSTORES = new Set(['clickToChat', 'workflow', 'people', 'access', 'files']);

/**
 * A test hook: wraps a real store (SQLite or PostgreSQL) so that one write
 * fails on purpose, once, so tests can check that a transition which breaks
 * between two of its writes leaves nothing half-done and sends no notice.
 * Every write is counted while armed, inside a transaction or not, so a
 * write made outside the transition's transaction is caught too.
 */
export class FaultyStore {
  readonly store: Store;
  #plan: FaultPlan | null = null;
  #calls: string[] = [];
  #fired: string | null = null;

  /** Writes never counted: background work that follows a commit by design (posting a webhook delivery claims and updates it). */
  readonly #background: ReadonlySet<string>;

  constructor(inner: Store, { background = [] }: { background?: readonly string[] } = {}) {
    this.store = this.#wrap(inner, '') as Store;
    this.#background = new Set(background);
  }

  /** Fails one call of the plan, counted from now. */
  arm(plan: FaultPlan): void {
    this.#plan = plan;
    this.#calls = [];
    this.#fired = null;
  }

  disarm(): void {
    this.#plan = null;
  }

  /** The call that failed since `arm`, or null when the plan was never reached. */
  get fired(): string | null {
    return this.#fired;
  }

  /** Writes made since `arm`, in order (the failed one included). */
  get calls(): readonly string[] {
    return this.#calls;
  }

  #wrap(target: object, prefix: string): object {
    return new Proxy(target, {
      get: (t, prop, receiver) => {
        const value = Reflect.get(t, prop, receiver);
        if (typeof prop !== 'string') return value;
        if (prefix === '' && SUBSTORES.has(prop) && value && typeof value === 'object') return this.#wrap(value, `${prop}.`);
        if (typeof value !== 'function') return value;
        const name = prefix + prop;
        // Private fields need the real object as `this`; transaction and close are not store writes.
        if (name === 'transaction' || name === 'close') return value.bind(t);
        return (...args: unknown[]) => {
          if (this.#plan && !this.#background.has(name) && (WRITE.test(prop) || ('method' in this.#plan && this.#plan.method === name))) {
            this.#calls.push(name);
            const plan = this.#plan;
            if ('at' in plan ? this.#calls.length === plan.at : plan.method === name) {
              this.#plan = null;
              this.#fired = name;
              return Promise.reject(new InjectedFault(name));
            }
          }
          return (value as (...a: unknown[]) => unknown).apply(t, args);
        };
      },
    });
  }
}
