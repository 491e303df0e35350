import { describe, expect, it } from 'vitest';
import { parsePeerMessage } from './peer.ts';
import { parseClientMessage } from './socket.ts';

describe('parsePeerMessage', () => {
  it('accepts known messages', () => {
    expect(parsePeerMessage({ type: 'screen.info', surface: 'monitor', width: 1280, height: 800, frameRate: 30 }).ok).toBe(true);
    expect(parsePeerMessage({ type: 'peer.hello', v: 1, role: 'customer' })).toEqual({ ok: true, value: { type: 'peer.hello', v: 1, role: 'customer' } });
  });

  it.each([
    ['a string', 'hi', 'bad_message'],
    ['null', null, 'bad_message'],
    ['an unknown type', { type: 'rm -rf' }, 'unknown_type'],
    ['a bad surface', { type: 'screen.info', surface: 'desk', width: 1, height: 1, frameRate: 1 }, 'bad_message'],
    ['an absurd size', { type: 'screen.info', surface: 'monitor', width: 1e9, height: 1, frameRate: 1 }, 'bad_message'],
  ])('rejects %s with a typed error', (_what, raw, code) => {
    const r = parsePeerMessage(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(code);
  });
});

describe('screen sharing requests on the live socket', () => {
  it('are part of the client union, and unknown permissions are refused', () => {
    expect(parseClientMessage('{"type":"share.stop","id":"1","sessionId":"abcdefgh12","reason":"customer_stopped"}').ok).toBe(true);
    const bad = parseClientMessage('{"type":"permission.request","id":"1","sessionId":"abcdefgh12","permission":"root"}');
    expect(bad.ok).toBe(false);
  });
});

describe('remote control on the data connection', () => {
  it('wraps the native host input message, as is', () => {
    const input = { type: 'pointer.click', x: 0.5, y: 0.25, button: 'right' };
    expect(parsePeerMessage({ type: 'control.input', input })).toEqual({ ok: true, value: { type: 'control.input', input } });
    expect(parsePeerMessage({ type: 'control.input', input: { type: 'key.press', keys: ['LeftControl', 'A'] } }).ok).toBe(true);
    expect(parsePeerMessage({ type: 'control.input', input: { type: 'key.type', text: 'héllo' } }).ok).toBe(true);
    expect(parsePeerMessage({ type: 'control.paused', paused: true }).ok).toBe(true);
    expect(parsePeerMessage({ type: 'control.paused', paused: 'yes' }).ok).toBe(false);
  });

  it('carries pointer moves numbered, so a late one is told from the latest', () => {
    expect(parsePeerMessage({ type: 'control.move', seq: 7, x: 0.25, y: 1 })).toEqual({ ok: true, value: { type: 'control.move', seq: 7, x: 0.25, y: 1 } });
    for (const bad of [
      { type: 'control.move', seq: -1, x: 0.5, y: 0.5 },
      { type: 'control.move', seq: 1.5, x: 0.5, y: 0.5 },
      { type: 'control.move', seq: 2 ** 53, x: 0.5, y: 0.5 },
      { type: 'control.move', seq: 1, x: 2, y: 0.5 },
      { type: 'control.move', seq: 1, x: 0.5 },
      { type: 'control.move', x: 0.5, y: 0.5 },
    ])
      expect(parsePeerMessage(bad).ok).toBe(false);
  });

  it.each([
    ['a point off the shared view', { type: 'pointer.move', x: 1.5, y: 0 }],
    ['a key the host does not know', { type: 'key.press', keys: ['Power'] }],
    ['a host request smuggled as input', { type: 'uninstall', id: 'x' }],
    ['no input', undefined],
  ])('rejects %s', (_what, input) => {
    expect(parsePeerMessage({ type: 'control.input', input }).ok).toBe(false);
  });
});

describe("the representative's choice of motion for the shared screen", () => {
  it('is a rep -> customer notice with a known hint only', () => {
    expect(parsePeerMessage({ type: 'screen.hint', hint: 'motion' })).toEqual({ ok: true, value: { type: 'screen.hint', hint: 'motion' } });
    expect(parsePeerMessage({ type: 'screen.hint', hint: 'detail' }).ok).toBe(true);
    for (const hint of ['text', '', 'MOTION', 1, null, undefined, 'x'.repeat(100_000)]) expect(parsePeerMessage({ type: 'screen.hint', hint }).ok).toBe(false);
  });
});
