import { describe, expect, it } from 'vitest';
import { ProtocolError } from '@rs/protocol';
import { MemoryCounters } from './limiter.ts';

describe('MemoryCounters', () => {
  it('refuses once the budget is spent, with a typed error and a retry delay', async () => {
    const limiter = new MemoryCounters().limiter('t', { points: 2, perSeconds: 60 }, 'too many tries');
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
    const limiter = new MemoryCounters().limiter('t', { points: 2, perSeconds: 60, blockSeconds: 30 }, 'no');
    expect(await limiter.blockedFor('k')).toBe(0);
    await limiter.penalize('k');
    await limiter.penalize('k');
    await limiter.penalize('k');
    expect(await limiter.blockedFor('k')).toBeGreaterThan(25_000);
    await limiter.reset('k');
    expect(await limiter.blockedFor('k')).toBe(0);
    await limiter.consume('k');
  });
});

describe('backoff limiters', () => {
  it('let `points` failures pass, then wait 1 s, 2 s, 4 s ... up to the cap; a reset forgets', async () => {
    const limiter = new MemoryCounters().limiter('b', { points: 2, perSeconds: 600, backoffMaxSeconds: 3 }, 'slow down');
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      await limiter.penalize('acct');
      waits.push(Math.ceil((await limiter.blockedFor('acct')) / 1000));
    }
    expect(waits).toEqual([0, 1, 2, 3, 3]);
    const err = await limiter.check('acct').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect((err as ProtocolError).retryAfterMs).toBeGreaterThan(2000);
    await limiter.check('other');
    await limiter.reset('acct');
    await limiter.check('acct');
  });
});
