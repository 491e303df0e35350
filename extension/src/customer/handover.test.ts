import { describe, expect, it, vi } from 'vitest';
import type { PageToExtensionMessage } from '@rs/protocol';
import { chromeExtensionLink, handOverWhenInstalled } from './handover.ts';

const SESSION = { sessionId: 'sess_0001abcd', customerToken: 'tok_0123456789abcdef' };

/** An extension that is missing for the first `missingPings` pings, then answers like the real one. */
function fakeExtension(missingPings: number, acceptSession = true) {
  const sent: PageToExtensionMessage[] = [];
  let pings = 0;
  const link = async (message: PageToExtensionMessage) => {
    sent.push(message);
    if (message.type === 'ping') return ++pings > missingPings ? { ok: true } : null;
    return { ok: acceptSession };
  };
  return { link, sent };
}

describe('handOverWhenInstalled', () => {
  it('hands the session over at once when the extension is installed', async () => {
    const { link, sent } = fakeExtension(0);
    const onMissing = vi.fn();
    expect(await handOverWhenInstalled(link, SESSION, { signal: new AbortController().signal, onMissing, sleep: async () => {} })).toBe(true);
    expect(sent).toEqual([{ type: 'ping' }, { type: 'open-session', ...SESSION }]);
    expect(onMissing).not.toHaveBeenCalled();
  });

  it('says once that it is missing, keeps pinging, and hands over when it answers', async () => {
    const { link, sent } = fakeExtension(3);
    const onMissing = vi.fn();
    const sleeps: number[] = [];
    const done = await handOverWhenInstalled(link, SESSION, { signal: new AbortController().signal, onMissing, intervalMs: 2000, sleep: async (ms) => void sleeps.push(ms) });
    expect(done).toBe(true);
    expect(onMissing).toHaveBeenCalledTimes(1);
    expect(sleeps).toEqual([2000, 2000, 2000]);
    expect(sent.filter((m) => m.type === 'ping')).toHaveLength(4);
    expect(sent.at(-1)).toEqual({ type: 'open-session', ...SESSION });
  });

  it('keeps trying when the extension answers the ping but does not take the session', async () => {
    const { link, sent } = fakeExtension(0, false);
    const abort = new AbortController();
    let rounds = 0;
    const done = await handOverWhenInstalled(link, SESSION, { signal: abort.signal, onMissing: () => {}, sleep: async () => void (++rounds === 2 && abort.abort()) });
    expect(done).toBe(false);
    expect(sent.filter((m) => m.type === 'open-session')).toHaveLength(2);
  });

  it('stops when aborted (the customer refused, or the chat ended)', async () => {
    const { link } = fakeExtension(Infinity);
    const abort = new AbortController();
    const done = handOverWhenInstalled(link, SESSION, { signal: abort.signal, onMissing: () => abort.abort(), sleep: async () => {} });
    expect(await done).toBe(false);
  });
});

describe('chromeExtensionLink', () => {
  it('answers null when the page has no extension to talk to', async () => {
    expect(await chromeExtensionLink('abc')({ type: 'ping' })).toBeNull();
  });

  it("sends to the extension's id and reads the answer; a lastError is no answer", async () => {
    const calls: unknown[] = [];
    const runtime: { lastError?: { message: string }; sendMessage: (id: string, m: unknown, cb: (a: unknown) => void) => void } = {
      sendMessage: (id, m, cb) => {
        calls.push([id, m]);
        cb({ ok: true });
      },
    };
    vi.stubGlobal('chrome', { runtime });
    try {
      expect(await chromeExtensionLink('ext-id')({ type: 'ping' })).toEqual({ ok: true });
      expect(calls).toEqual([['ext-id', { type: 'ping' }]]);
      runtime.lastError = { message: 'Could not establish connection.' };
      expect(await chromeExtensionLink('ext-id')({ type: 'ping' })).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('tries every store copy in order: the one installed answers', async () => {
    const calls: string[] = [];
    const runtime: { lastError?: { message: string }; sendMessage: (id: string, m: unknown, cb: (a: unknown) => void) => void } = {
      sendMessage: (id, _m, cb) => {
        calls.push(id);
        runtime.lastError = id === 'edge-id' ? undefined : { message: 'Could not establish connection.' };
        cb(id === 'edge-id' ? { ok: true } : undefined);
      },
    };
    vi.stubGlobal('chrome', { runtime });
    try {
      expect(await chromeExtensionLink(['chrome-id', 'edge-id', 'other-id'])({ type: 'ping' })).toEqual({ ok: true });
      expect(calls).toEqual(['chrome-id', 'edge-id']);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
