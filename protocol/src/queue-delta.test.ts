import { describe, expect, it } from 'vitest';
import { parseServerMessage, QUEUE_DELTA_MAX_ENTRIES } from './socket.ts';

const entry = (id: string) => ({ sessionId: id, customerName: 'Ada', queuedAt: 1, queue: 'general', held: false });
const delta = (over: Record<string, unknown> = {}) => JSON.stringify({ type: 'queue.delta', added: [], updated: [], removed: [], serverTime: 5, ...over });

describe('queue.delta (server -> rep: what changed in the queue)', () => {
  it('parses added, updated and removed entries', () => {
    const parsed = parseServerMessage(delta({ added: [entry('sessionA1')], updated: [entry('sessionB1')], removed: ['sessionC1'] }));
    expect(parsed).toMatchObject({ ok: true, value: { type: 'queue.delta', added: [{ sessionId: 'sessionA1' }], removed: ['sessionC1'] } });
  });

  it('refuses wrong types with a typed error', () => {
    for (const bad of [{ added: 'x' }, { removed: [1] }, { updated: [{ sessionId: 'sessionB1' }] }, { serverTime: 'now' }, { added: [{ ...entry('sessionA1'), queue: 'vip' }] }, { removed: ['../etc'] }]) {
      expect(parseServerMessage(delta(bad))).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    }
    expect(parseServerMessage(JSON.stringify({ type: 'queue.delta' }))).toMatchObject({ ok: false, error: { code: 'bad_message' } });
  });

  it('refuses a session id listed twice (in one list or across lists)', () => {
    expect(parseServerMessage(delta({ added: [entry('sessionA1'), entry('sessionA1')] }))).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    expect(parseServerMessage(delta({ added: [entry('sessionA1')], removed: ['sessionA1'] }))).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    expect(parseServerMessage(delta({ removed: ['sessionA1', 'sessionA1'] }))).toMatchObject({ ok: false, error: { code: 'bad_message' } });
  });

  it('bounds each list (a bigger change comes as the whole queue)', () => {
    const many = Array.from({ length: QUEUE_DELTA_MAX_ENTRIES + 1 }, (_, i) => `session${String(i).padStart(6, '0')}`);
    expect(parseServerMessage(delta({ removed: many }))).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    expect(parseServerMessage(delta({ removed: many.slice(1) }))).toMatchObject({ ok: true });
  });

  it('refuses deep nesting in place of an entry', () => {
    const nested = `${'['.repeat(10_000)}"x"${']'.repeat(10_000)}`;
    const text = delta({ added: ['HOLE'] }).replace('"HOLE"', nested);
    expect(parseServerMessage(text)).toMatchObject({ ok: false });
  });
});
