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
