import { describe, expect, it } from 'vitest';
import { ProtocolError } from '@rs/protocol';
import { randomUUID } from 'node:crypto';
import type { Counters } from './limiter.ts';

/** Two nodes' views of one set of counters (the same object in process; two Redis clients on one Redis). */
export interface CountersPair {
  a: Counters;
  b: Counters;
}

/** The same expectations for every Counters backend: run by limiter.test.ts in process and on Redis. */
export function countersContract(name: string, make: () => CountersPair): void {
  // Each test gets its own counter names, so tests sharing one Redis never see each other's counts.
  const fresh = (base: string) => `${base}-${randomUUID()}`;

  describe(`${name}: counters contract`, () => {
    it('refuses once the budget is spent, with a typed error and a retry delay', async () => {
      const limiter = make().a.limiter(fresh('t'), { points: 2, perSeconds: 60 }, 'too many tries');
      await limiter.consume('a');
      await limiter.consume('a');
      const err = await limiter.consume('a').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProtocolError);
      expect((err as ProtocolError).code).toBe('rate_limited');
      expect((err as ProtocolError).retryAfterMs).toBeGreaterThan(0);
      expect((err as ProtocolError).toWire()).toMatchObject({ code: 'rate_limited', message: 'too many tries' });
      await limiter.consume('b');
    });

    it('penalize counts without refusing; blockedFor reports; reset forgets', async () => {
      const limiter = make().a.limiter(fresh('t'), { points: 2, perSeconds: 60, blockSeconds: 30 }, 'no');
      expect(await limiter.blockedFor('k')).toBe(0);
      await limiter.penalize('k');
      await limiter.penalize('k');
      await limiter.penalize('k');
      expect(await limiter.blockedFor('k')).toBeGreaterThan(25_000);
      await limiter.reset('k');
      expect(await limiter.blockedFor('k')).toBe(0);
      await limiter.consume('k');
    });

    it('a budget spent on one node is spent on the other', async () => {
      const { a, b } = make();
      const counter = fresh('shared');
      const onA = a.limiter(counter, { points: 3, perSeconds: 60 }, 'spent');
      const onB = b.limiter(counter, { points: 3, perSeconds: 60 }, 'spent');
      await onA.consume('addr', 2);
      await onB.consume('addr');
      const err = await onB.consume('addr').catch((e: unknown) => e);
      expect((err as ProtocolError).code).toBe('rate_limited');
      await onA.reset('addr');
      await onB.consume('addr');
    });

    it('backoff: `points` failures pass, then 1 s, 2 s, 4 s ... up to the cap, on both nodes; a reset forgets', async () => {
      const { a, b } = make();
      const counter = fresh('b');
      const rule = { points: 2, perSeconds: 600, backoffMaxSeconds: 3 };
      const onA = a.limiter(counter, rule, 'slow down');
      const onB = b.limiter(counter, rule, 'slow down');
      const waits: number[] = [];
      for (let i = 0; i < 5; i++) {
        await (i % 2 ? onB : onA).penalize('acct');
        waits.push(Math.ceil((await onA.blockedFor('acct')) / 1000));
      }
      expect(waits).toEqual([0, 1, 2, 3, 3]);
      const err = await onB.check('acct').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProtocolError);
      expect((err as ProtocolError).retryAfterMs).toBeGreaterThan(2000);
      await onB.check('other');
      await onA.reset('acct');
      await onB.check('acct');
    });
  });
}
